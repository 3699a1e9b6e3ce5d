/** @module What every route is given: the services the app runs on. */
import type { Logger } from 'pino';
import type { Account, Accounts } from '../src/accounts/index.js';
import type { ApiTokens, LoginManager } from '../src/index.js';
import type { AppDatabase } from './database.js';
import type { DevOutbox } from './mail/dev-outbox.js';
import type { AppRedis } from './redis.js';

/** The app's services, built once at start. */
export interface AppDeps {
  readonly accounts: Accounts;
  readonly manager: LoginManager<Account>;
  /** The API tokens `/api/` accepts. */
  readonly apiTokens: ApiTokens;
  readonly db: AppDatabase;
  readonly logger: Logger;
  /** The origin links and trusted forms come from. */
  readonly publicUrl: string;
  /** The development outbox, when `/dev/outbox` is served; else null. */
  readonly outbox: DevOutbox | null;
  /** Redis when REDIS_URL is set (it then holds sessions, tokens and throttles); else null. */
  readonly redis?: Pick<AppRedis, 'answers'> | null;
}
