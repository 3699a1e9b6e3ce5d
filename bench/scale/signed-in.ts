/**
 * @module For the scale benchmarks: the app as a real process (or cluster), a user registered,
 * confirmed by mail and logged in through the forms, and the cookie header that user sends.
 */
import { Browser } from '../../test/app/support/browser.js';
import { startMailCatcher } from '../../test/app/support/mail-catcher.js';
import { startAppProcess } from '../../test/scale/support/app-process.js';

/** A running app with one logged-in user. */
export interface SignedIn {
  readonly url: string;
  /** The `Cookie` header of the logged-in browser. */
  readonly cookie: string;
  close(): Promise<void>;
}

/**
 * Starts `tsx app/main.ts` with `env` (and `--workers N` when given), then signs a user up.
 *
 * @example const app = await signedIn({ DATABASE_URL: 'sqlite:/tmp/x.db' });
 */
export async function signedIn(
  env: Readonly<Record<string, string>>,
  workers?: number,
): Promise<SignedIn> {
  const mail = await startMailCatcher();
  const app = await startAppProcess({
    env: { ...env, SMTP_URL: `smtp://127.0.0.1:${mail.port}`, LOG_LEVEL: 'info' },
    ...(workers ? { args: ['--workers', String(workers)], workers } : {}),
  });
  try {
    const browser = new Browser(app.url);
    const who = {
      email: `bench-${Date.now()}@example.test`,
      username: `bench_${Date.now()}`,
      password: 'violet bench lantern harbour',
    };
    const step = async (what: string, reply: Promise<{ status: number }>) => {
      const { status } = await reply;
      if (status !== 302) throw new Error(`${what} answered ${status}`);
    };
    await step('register', browser.submit('/auth/register', { ...who, password2: who.password }));
    const link = (await mail.waitForMail({ to: who.email, kind: 'confirm' })).tokenLink as string;
    await step('confirm', browser.get(link));
    await step(
      'login',
      browser.submit('/auth/login', { email: who.email, password: who.password }),
    );
    const profile = await browser.get('/profile');
    if (profile.status !== 200) throw new Error(`/profile answered ${profile.status}`);
    return {
      url: app.url,
      cookie: browser.cookieHeader(),
      async close() {
        await app.stop();
        await mail.close();
      },
    };
  } catch (error) {
    await app.stop();
    await mail.close();
    throw error;
  }
}
