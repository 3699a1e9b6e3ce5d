import { describe, expect, it } from 'vitest';
import { LoginManager } from '../../src/core/manager.js';
import { ANONYMOUS_USER, type AnonymousUser, BaseUser, isAnonymous } from '../../src/core/user.js';
import { LatchkeyError } from '../../src/errors.js';
import { createHarness } from '../support/harness.js';

class Member extends BaseUser {
  constructor(
    readonly id: number | string | bigint,
    readonly name = 'member',
  ) {
    super();
  }
}

class NoId extends BaseUser {}

class Suspended extends Member {
  override get isActive(): boolean {
    return false;
  }
}

describe('BaseUser defaults (UserMixinTestCase)', () => {
  it('a BaseUser is active, authenticated and not anonymous', () => {
    const user = new Member(1);
    expect(user.isActive).toBe(true);
    expect(user.isAuthenticated).toBe(true);
    expect(user.isAnonymous).toBe(false);
    expect(isAnonymous(user)).toBe(false);
  });

  it('authenticated follows active, as Flask-Login’s UserMixin does', () => {
    const user = new Suspended(1);
    expect(user.isActive).toBe(false);
    expect(user.isAuthenticated).toBe(false);
  });

  it('getId() returns the id as a string', () => {
    expect(new Member(1).getId()).toBe('1');
    expect(new Member('abc').getId()).toBe('abc');
    expect(new Member(12345678901234567890n).getId()).toBe('12345678901234567890');
  });

  it('getId() without an id throws LatchkeyError user_id_missing', () => {
    let caught: unknown;
    try {
      new NoId().getId();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LatchkeyError);
    expect((caught as LatchkeyError).code).toBe('user_id_missing');
    expect((caught as LatchkeyError).message).toContain('NoId');
  });

  it('users are equal by id, whatever else differs', () => {
    expect(new Member(1, 'a').equals(new Member(1, 'b'))).toBe(true);
    expect(new Member(1).equals(new Member('1'))).toBe(true);
    expect(new Member(1).equals(new Member(2))).toBe(false);
  });

  it('a user is not equal to a plain string holding its id', () => {
    expect(new Member(1).equals('1')).toBe(false);
    expect(new Member(1).equals({ id: 1 })).toBe(false);
    expect(new Member(1).equals(null)).toBe(false);
  });

  it('getId() makes a user usable as a Map key ("hashable")', () => {
    const seen = new Map<string, string>();
    seen.set(new Member(1).getId(), 'first');
    seen.set(new Member(1, 'again').getId(), 'second');
    seen.set(new Member(2).getId(), 'other');
    expect(seen.size).toBe(2);
    expect(seen.get(new Member('1').getId())).toBe('second');
  });

  it('the manager reads a BaseUser’s id through getId() for its session', async () => {
    const people = new Map([['7', new Member(7, 'Seven')]]);
    const manager = new LoginManager<Member>({ userLoader: (id) => people.get(id) ?? null });
    const auth = manager.begin({
      method: 'POST',
      url: 'http://app.test/login',
      header: () => null,
      remoteAddress: null,
    });
    expect(await auth.login(new Member(7, 'Seven'))).toBe(true);
    expect((await auth.session())?.userId).toBe('7');
  });
});

describe('the anonymous user (AnonymousUserTestCase)', () => {
  it('ANONYMOUS_USER is not active, not authenticated, anonymous, and getId() is null', () => {
    expect(ANONYMOUS_USER.isActive).toBe(false);
    expect(ANONYMOUS_USER.isAuthenticated).toBe(false);
    expect(ANONYMOUS_USER.isAnonymous).toBe(true);
    expect(ANONYMOUS_USER.getId()).toBeNull();
    expect(isAnonymous(ANONYMOUS_USER)).toBe(true);
  });

  it('ANONYMOUS_USER is frozen, so no request can change it for another', () => {
    expect(Object.isFrozen(ANONYMOUS_USER)).toBe(true);
  });

  it('auth.user() returns ANONYMOUS_USER for a visitor by default', async () => {
    const h = createHarness({}, (app) => {
      app.get('/anon', async (c) => c.json({ same: (await c.var.auth.user()) === ANONYMOUS_USER }));
    });
    expect(await (await h.client().get('/anon')).json()).toEqual({ same: true });
  });

  it('a custom anonymousUser factory is what user() returns', async () => {
    const guest: AnonymousUser & { readonly name: string } = {
      ...ANONYMOUS_USER,
      getId: () => null,
      name: 'Guest',
    };
    const h = createHarness({ anonymousUser: () => guest }, (app) => {
      app.get('/anon', async (c) => {
        const user = await c.var.auth.user();
        return c.json({ same: user === guest, anonymous: isAnonymous(user) });
      });
    });
    const client = h.client();
    expect(await (await client.get('/anon')).json()).toEqual({ same: true, anonymous: true });
    await client.get('/login/1');
    expect(await (await client.get('/anon')).json()).toEqual({ same: false, anonymous: false });
  });

  it('currentUser() is null for a visitor even with a custom anonymous user', async () => {
    const h = createHarness({ anonymousUser: () => ({ ...ANONYMOUS_USER }) }, (app) => {
      app.get('/current', async (c) => c.json({ current: await c.var.auth.currentUser() }));
    });
    expect(await (await h.client().get('/current')).json()).toEqual({ current: null });
  });
});
