/**
 * Password rules NIST SP 800-63B-4 and ASVS 6.2.10 / 6.3.2 ask for that no other test shows:
 * passwords never expire, and a new installation has no accounts at all.
 */
import { describe, expect, it } from 'vitest';
import { useAccountsHarness } from '../accounts/support/harness.js';
import { startSecurityApp } from './support/security-app.js';

const harness = useAccountsHarness();

describe('password lifetime', () => {
  it('a password set 400 days ago still logs in: nothing asks for periodic rotation', async () => {
    const h = await harness();
    await h.signUp('old@example.com');
    h.clock.advance(400 * 24 * 3_600_000);
    expect((await h.tryLogin('old@example.com')).ok).toBe(true);
  });
});

describe('default accounts', () => {
  it('a freshly started app has no accounts: no default or admin user exists', async () => {
    const app = await startSecurityApp();
    try {
      expect((await app.client().get('/healthz')).status).toBe(200);
      expect(app.sql((db) => db.prepare('SELECT COUNT(*) AS n FROM users').get())).toEqual({
        n: 0,
      });
    } finally {
      await app.close();
    }
  });
});
