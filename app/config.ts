/** @module The app's configuration: environment variables checked once with zod, or a clear refusal. */
import type { LevelWithSilent } from 'pino';
import { z } from 'zod';

/** Raised for a configuration the app cannot start with; its message names every problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Where the database lives. */
export type DatabaseTarget =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** The checked configuration (PUBLIC_URL stays null until the port is known). */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** The origin from PUBLIC_URL, or null to use the bound address. */
  readonly publicUrl: string | null;
  readonly database: DatabaseTarget;
  /** Redis for sessions, tokens, throttles and revocations; null keeps them in the database. */
  readonly redis: { readonly url: string; readonly prefix: string } | null;
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  /** Null in development until a key is generated and kept in the data folder. */
  readonly secretKey: string | null;
  /** The SECRET_KEY of a Flask app being left: its remember cookies are accepted once each. */
  readonly flaskSecretKey: string | null;
  readonly rememberSeconds: number;
  /** COOKIE_SECURE when set; otherwise decided by PUBLIC_URL's scheme. */
  readonly cookieSecure: boolean | null;
  readonly production: boolean;
  readonly logLevel: LevelWithSilent;
  /** ADMIN_EMAIL, normalised: the address that registers as an admin; null: none. */
  readonly adminEmail: string | null;
  /** AUDIT_RETENTION_DAYS: audit entries older than this are pruned. */
  readonly auditRetentionDays: number;
}

const LOG_LEVELS = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
] as const satisfies readonly LevelWithSilent[];

/** Empty variables count as unset, as shells make them easy to leave behind. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const wholeNumber = (error: string, max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, { error })
    .transform(Number)
    .refine((n) => n <= max, { error });

const schema = z.object({
  PORT: optional(wholeNumber('must be a port number from 0 to 65535', 65_535)),
  HOST: optional(z.string().min(1)),
  PUBLIC_URL: optional(
    z
      .url({
        protocol: /^https?$/,
        error: 'must be an absolute http(s) URL such as https://example.com',
      })
      .refine(
        (value) => {
          const { pathname, search } = new URL(value);
          return pathname === '/' && search === '';
        },
        { error: 'must be an origin only, without a path or query' },
      ),
  ),
  DATABASE_URL: optional(
    z.string().regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
      error: 'must be sqlite:PATH or postgres://…',
    }),
  ),
  REDIS_URL: optional(
    z.url({ protocol: /^rediss?$/, error: 'must look like redis://host:port or rediss://…' }),
  ),
  REDIS_PREFIX: optional(
    z.string().regex(/^[^\s{}\p{Cc}]{1,64}$/u, {
      error: 'must be 1 to 64 characters without spaces, braces or control characters',
    }),
  ),
  SMTP_URL: optional(z.url({ protocol: /^smtps?$/, error: 'must look like smtp://host:port' })),
  MAIL_FROM: optional(z.string().min(3).max(320)),
  SECRET_KEY: optional(z.string().min(32, { error: 'must be at least 32 characters' })),
  FLASK_SECRET_KEY: optional(
    // Flask-Login signs with the key's Latin-1 bytes; a key beyond Latin-1 could never match.
    z.string().refine((key) => !/[^\x20-\xff]/.test(key), {
      error: 'must be printable Latin-1 text, as Flask uses it',
    }),
  ),
  REMEMBER_COOKIE_DURATION: optional(
    wholeNumber('must be a positive whole number of seconds', 2 ** 31).refine((n) => n > 0, {
      error: 'must be a positive whole number of seconds',
    }),
  ),
  COOKIE_SECURE: optional(z.enum(['0', '1', 'true', 'false'])),
  NODE_ENV: optional(z.string()),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS)),
  ADMIN_EMAIL: optional(
    z
      .string()
      .trim()
      .toLowerCase()
      .max(254)
      .pipe(z.email({ error: 'must be an email address' })),
  ),
  AUDIT_RETENTION_DAYS: optional(
    wholeNumber('must be a whole number of days from 1 to 36500', 36_500).refine((n) => n > 0, {
      error: 'must be a whole number of days from 1 to 36500',
    }),
  ),
});

/**
 * Reads and checks the environment; throws {@link ConfigError} naming each bad variable.
 *
 * @example const config = loadConfig(process.env);
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}.`);
  }
  const values = parsed.data;
  const production = values.NODE_ENV === 'production';
  if (production && !values.SECRET_KEY) {
    throw new ConfigError(
      'Invalid configuration: SECRET_KEY is required when NODE_ENV=production (at least 32 random characters).',
    );
  }
  const publicUrl = values.PUBLIC_URL ? new URL(values.PUBLIC_URL).origin : null;
  return Object.freeze({
    port: values.PORT ?? 3000,
    host: values.HOST ?? '127.0.0.1',
    publicUrl,
    database: databaseTarget(values.DATABASE_URL ?? 'sqlite:./data/app.db'),
    redis: values.REDIS_URL
      ? { url: values.REDIS_URL, prefix: values.REDIS_PREFIX ?? 'latchkey:' }
      : null,
    smtpUrl: values.SMTP_URL ?? null,
    mailFrom: values.MAIL_FROM ?? 'no-reply@localhost',
    secretKey: values.SECRET_KEY ?? null,
    flaskSecretKey: values.FLASK_SECRET_KEY ?? null,
    rememberSeconds: values.REMEMBER_COOKIE_DURATION ?? 2_592_000,
    cookieSecure:
      values.COOKIE_SECURE === undefined ? null : ['1', 'true'].includes(values.COOKIE_SECURE),
    production,
    logLevel: values.LOG_LEVEL ?? 'info',
    adminEmail: values.ADMIN_EMAIL ?? null,
    auditRetentionDays: values.AUDIT_RETENTION_DAYS ?? 365,
  });
}

function databaseTarget(url: string): DatabaseTarget {
  return url.startsWith('sqlite:')
    ? { kind: 'sqlite', path: url.slice('sqlite:'.length) }
    : { kind: 'postgres', url };
}
