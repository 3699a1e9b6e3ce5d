/** @module The two ways a command ends badly: it was asked wrongly (2), or it could not do it (1). */

/** Exit codes: 0 success, 1 the command failed, 2 the command line (or environment) was wrong. */
export type ExitCode = 0 | 1 | 2;

/**
 * An error the operator sees as one line, with the exit code it ends the process with.
 *
 * @example throw new CliError('No account has the email ada@example.com.');
 */
export class CliError extends Error {
  readonly exitCode: 1 | 2;

  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/**
 * A usage error: a malformed argument, option or environment variable (exit code 2).
 *
 * @example throw usageError('--limit must be a whole number from 1 to 1000.');
 */
export function usageError(message: string): CliError {
  return new CliError(message, 2);
}
