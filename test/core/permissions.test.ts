import { describe, expect, it } from 'vitest';
import { loginRequired, roleRequired } from '../../src/adapters/hono.js';
import { defineAccess, withPermission } from '../../src/core/permissions.js';
import type { GuardOptions } from '../../src/core/request-auth.js';
import { createHarness } from '../support/harness.js';
import { notch, steve, type TestUser } from '../support/users.js';

const access = defineAccess({
  roles: { user: ['posts:write'], moderator: ['posts:write', 'posts:moderate'], admin: ['*'] },
  roleOf: (user: TestUser) => user.role ?? 'user',
});

describe('defineAccess', () => {
  it('answers can() from the permissions the user’s role grants', () => {
    const moderator: TestUser = { ...steve, role: 'moderator' as never };
    expect(access.can(steve, 'posts:write')).toBe(true);
    expect(access.can(steve, 'posts:moderate')).toBe(false);
    expect(access.can(moderator, 'posts:moderate')).toBe(true);
    expect(access.permissionsOf('moderator')).toEqual(['posts:write', 'posts:moderate']);
    expect(access.roles).toEqual(['user', 'moderator', 'admin']);
  });

  it('grants nothing to nobody, nor to a role it does not know', () => {
    const stranger = { ...steve, role: 'owner' as never };
    expect(access.can(null, 'posts:write')).toBe(false);
    expect(access.can(undefined, 'posts:write')).toBe(false);
    expect(access.roleOf(stranger)).toBeNull();
    expect(access.can(stranger, 'posts:write')).toBe(false);
    expect(access.hasRole(null, 'user')).toBe(false);
  });

  it('hasRole() is the exact role, not a permission', () => {
    expect(access.hasRole(notch, 'admin')).toBe(true);
    expect(access.hasRole(notch, 'user')).toBe(false);
    expect(access.can(notch, 'posts:write')).toBe(false);
  });

  it('refuses a role defined without a list of permissions', () => {
    expect(() => defineAccess({ roles: { user: 'read' as never }, roleOf: () => 'user' })).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
  });

  it('withPermission keeps the guard’s own authorize: both must pass', async () => {
    const own: GuardOptions<TestUser> = { fresh: true, authorize: (user) => user.id !== steve.id };
    const options = withPermission(access, 'posts:write', own);
    expect(options.fresh).toBe(true);
    const auth = {} as never;
    expect(await options.authorize?.(steve, auth)).toBe(false);
    expect(await options.authorize?.({ ...steve, id: '9' }, auth)).toBe(true);
    expect(await options.authorize?.(notch, auth)).toBe(false);
  });
});

describe('roleRequired on a route', () => {
  it('checks the role on the user as loaded this request, the loader’s latest once invalidated', async () => {
    const h = createHarness({}, (app) => {
      app.get('/mod', roleRequired(access, 'admin'), (c) => c.text('admin'));
      app.get('/own', loginRequired(), (c) => c.text('own'));
    });
    const client = h.client();
    await client.get('/login/1');
    expect((await client.get('/mod')).status).toBe(200);
    h.users.set('1', { ...notch, role: 'user' });
    await h.manager.invalidateUser('1');
    const refused = await client.get('/mod', { accept: 'application/json' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'forbidden' });
    expect((await client.get('/own')).status).toBe(200);
  });
});
