import { describe, expect, it } from 'vitest';
import { encodeLegacyCookie } from '../../src/http/legacy-cookie.js';
import { createHarness } from '../support/harness.js';

const SECRET = 'flask-secret-key';

describe("Flask-Login's legacy remember cookie (migration)", () => {
  it('a legacy id|hmac cookie restores the user, non-fresh, and is swapped for a selector.validator token', async () => {
    const h = createHarness({ legacyRemember: { keys: SECRET } });
    const restored = h.listen('userLoadedFromCookie');
    const client = h.client({ cookie: `remember_token=${encodeLegacyCookie('2', SECRET)}` });
    const who = await (await client.get('/whoami')).json();
    expect(who).toEqual({ name: 'Steve', fresh: false, remembered: true, source: 'remember' });
    expect(restored).toHaveLength(1);
    expect(client.cookies.get('remember_token')?.value).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
    expect(await h.stores.tokens.listForUser('2', h.clock.now(), 'remember')).toHaveLength(1);
  });

  it('the same legacy cookie is accepted once: a replay logs no one in', async () => {
    const h = createHarness({ legacyRemember: { keys: SECRET } });
    const legacy = `remember_token=${encodeLegacyCookie('2', SECRET)}`;
    await h.client({ cookie: legacy }).get('/whoami');
    const replay = h.client({ cookie: legacy });
    expect(await (await replay.get('/whoami')).json()).toMatchObject({ name: null });
    expect(replay.lastSetCookies.some((line) => line.startsWith('remember_token=;'))).toBe(true);
  });

  it('a legacy cookie signed with another key, or with no legacy keys configured, is refused', async () => {
    const forged = `remember_token=${encodeLegacyCookie('1', 'attacker-key')}`;
    const withKeys = createHarness({ legacyRemember: { keys: SECRET } });
    expect(await (await withKeys.client({ cookie: forged }).get('/whoami')).json()).toMatchObject({
      name: null,
    });
    const genuine = `remember_token=${encodeLegacyCookie('1', SECRET)}`;
    const withoutKeys = createHarness();
    expect(
      await (await withoutKeys.client({ cookie: genuine }).get('/whoami')).json(),
    ).toMatchObject({ name: null });
  });

  it('fallback keys accept cookies signed before a key rotation', async () => {
    const h = createHarness({ legacyRemember: { keys: ['new-key', SECRET] } });
    const client = h.client({ cookie: `remember_token=${encodeLegacyCookie('1', SECRET)}` });
    expect(await (await client.get('/whoami')).json()).toMatchObject({ name: 'Notch' });
  });

  it('a legacy cookie of an inactive or unknown user logs no one in', async () => {
    const h = createHarness({ legacyRemember: { keys: SECRET } });
    for (const id of ['3', '404']) {
      const client = h.client({ cookie: `remember_token=${encodeLegacyCookie(id, SECRET)}` });
      expect(await (await client.get('/whoami')).json()).toMatchObject({ name: null });
    }
  });

  it('userIdFor maps the id in the cookie to the user here, once; an id it does not know logs no one in', async () => {
    // Users imported from Flask got new ids: old 17 is Steve (2) here.
    const asked: string[] = [];
    const userIdFor = async (legacyId: string) => {
      asked.push(legacyId);
      return legacyId === '17' ? '2' : null;
    };
    const h = createHarness({ legacyRemember: { keys: SECRET, userIdFor } });
    const cookie = `remember_token=${encodeLegacyCookie('17', SECRET)}`;
    expect(await (await h.client({ cookie }).get('/whoami')).json()).toMatchObject({
      name: 'Steve',
      remembered: true,
    });
    expect(await (await h.client({ cookie }).get('/whoami')).json()).toMatchObject({ name: null });
    const unknown = `remember_token=${encodeLegacyCookie('2', SECRET)}`;
    expect(await (await h.client({ cookie: unknown }).get('/whoami')).json()).toMatchObject({
      name: null,
    });
    // A replay is refused before the lookup; a cookie signed with another key never reaches it.
    const forged = `remember_token=${encodeLegacyCookie('17', 'attacker-key')}`;
    await h.client({ cookie: forged }).get('/whoami');
    expect(asked).toEqual(['17', '2']);
  });
});
