/**
 * @module Who is this? The lazy load behind `auth.user()`, in Flask-Login's
 * order: session → remember-me cookie (then a legacy Flask-Login one) → request
 * loader → anonymous.
 */
import { restoreFromLegacyCookie } from './legacy-remember.js';
import { refreshRememberCookie, restoreFromRememberCookie } from './remember-me.js';
import type { RequestContext } from './request-context.js';
import { resumeSession } from './session-lifecycle.js';

/** Resolves the request's user once; every later call waits for the same answer. */
export function resolveOnce<U>(ctx: RequestContext<U>): Promise<void> {
  ctx.resolving ??= resolveUser(ctx);
  return ctx.resolving;
}

async function resolveUser<U>(ctx: RequestContext<U>): Promise<void> {
  const { engine } = ctx;
  if (engine.events.listens('userAccessed')) {
    engine.events.emit('userAccessed', { request: ctx.request });
  }
  const resumed = await resumeSession(ctx);
  if (resumed.kind === 'found') {
    if (engine.config.refreshEachRequest) {
      await refreshRememberCookie(ctx, resumed.session, resumed.touched);
    }
    return;
  }
  if (resumed.kind !== 'protected') {
    const remembered = await restoreFromRememberCookie(ctx);
    if (remembered === 'restored') return;
    if (remembered === 'invalid' && (await restoreFromLegacyCookie(ctx))) return;
  }
  const { requestLoader } = engine.config;
  const user = requestLoader ? ((await requestLoader(ctx.request)) ?? null) : null;
  if (user !== null) {
    Object.assign(ctx.state, { user, session: null, source: 'request' });
    engine.events.emit('userLoadedFromRequest', { user, request: ctx.request });
  }
}
