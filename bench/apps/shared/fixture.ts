/**
 * @module What every benchmark app shares: the one seeded user, the profile page, the
 * port, and the line that tells the runner the app is listening.
 */
import escapeHtml from 'escape-html';

/** The seeded user every stack knows. */
export const BENCH_USER = {
  id: '1',
  email: 'a@example.com',
  name: 'alice',
  password: 'correct horse battery staple',
} as const;

/**
 * The ~100-byte page behind the login, naming the user escaped (the same bytes on every stack).
 *
 * @example c.html(profilePage(user.name));
 */
export function profilePage(username: string): string {
  return `<!doctype html><meta charset=utf-8><title>Profile</title><h1>Profile</h1><p>Signed in as ${escapeHtml(username)}.</p>`;
}

/** The port the runner chose (the apps never pick their own). */
export function benchPort(): number {
  const port = Number(process.env.PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error('PORT must be set to a port number');
  return port;
}

/** The runner waits for this line on stdout before loading the app. */
export function announceReady(details: Readonly<Record<string, unknown>> = {}): void {
  process.stdout.write(`${JSON.stringify({ event: 'ready', pid: process.pid, ...details })}\n`);
}

/** A form's `remember` checkbox, as browsers send it (`on`) or as scripts do (`1`, `true`). */
export function wantsRemember(value: unknown): boolean {
  return value === 'on' || value === '1' || value === 'true';
}

/** Exits cleanly on the runner's SIGTERM, so `--cpu-prof` writes its profile. */
export function exitOnSignal(cleanup: () => unknown = () => {}): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      Promise.resolve(cleanup())
        .catch(() => {})
        .finally(() => process.exit(0));
    });
  }
}

/** The User-Agent every load and login sends (session protection binds sessions to it). */
export const BENCH_USER_AGENT = 'latchkey-bench';
