/**
 * @module A browser for service tests: each step is one request through a real LoginManager,
 * and the cookies the step set are kept for the next, as a browser keeps them.
 */
import type { Account } from '../../../src/accounts/index.js';
import type { LoginManager } from '../../../src/core/manager.js';
import type { RequestAuth } from '../../../src/core/request-auth.js';
import { requestViewFromFetch } from '../../../src/core/request-view.js';
import { TestClient } from '../../support/client.js';

type Step = (auth: RequestAuth<Account>) => Promise<unknown>;

/** One browser: its own cookies, its own client address, one user agent. */
export class Browser {
  readonly #client: TestClient;
  #step: Step = async () => null;
  #result: unknown = null;

  constructor(manager: LoginManager<Account>, address: string) {
    this.#client = new TestClient(
      async (path, init) => {
        const request = new Request(new URL(path, 'https://accounts.example'), init);
        const auth = manager.begin(requestViewFromFetch(request, address));
        this.#result = await this.#step(auth);
        const headers = new Headers();
        for (const line of auth.setCookieHeaders()) headers.append('set-cookie', line);
        return new Response(null, { status: 204, headers });
      },
      { 'user-agent': 'AccountsTest/1.0' },
    );
  }

  /** Runs one step as a request from this browser and answers what the step returned. */
  async run<T>(step: (auth: RequestAuth<Account>) => Promise<T>): Promise<T> {
    this.#step = step;
    await this.#client.request('/', { method: 'POST' });
    return this.#result as T;
  }

  /** The account this browser is logged in as, or null. */
  user(): Promise<Account | null> {
    return this.run((auth) => auth.currentUser());
  }

  /** Whether this browser's login is fresh. */
  isFresh(): Promise<boolean> {
    return this.run((auth) => auth.isFresh());
  }

  /** The value of one kept cookie (`session`, `remember_token`), if any. */
  cookie(name: string): string | undefined {
    return this.#client.cookies.get(name)?.value;
  }

  /** Replaces or sets one cookie, as a replaying attacker would. */
  setCookie(name: string, value: string): void {
    this.#client.cookies.set(name, { value, attributes: {}, raw: `${name}=${value}` });
  }

  /** Drops the browser-session cookies, as closing the browser does. */
  close(): void {
    this.#client.closeBrowser();
  }
}
