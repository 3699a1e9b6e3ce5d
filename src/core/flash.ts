/**
 * @module Notes for the next page on one request: flash messages, and the page an
 * unauthorized visitor was sent away from (`useSessionForNext`), both in short-lived cookies.
 */
import { safeNext } from '../http/safe-next.js';
import { FlashBox, type FlashMessage } from './flash-box.js';
import type { RequestContext } from './request-context.js';

function flashBox<U>(ctx: RequestContext<U>): FlashBox {
  ctx.flashes ??= new FlashBox(ctx.cookies.get(ctx.engine.config.flashCookieName));
  return ctx.flashes;
}

/** Adds a message for the next page. */
export function addFlash<U>(ctx: RequestContext<U>, message: FlashMessage): void {
  flashBox(ctx).add(message);
}

/** The messages waiting for this page, removed as they are read. */
export function takeFlashes<U>(ctx: RequestContext<U>): FlashMessage[] {
  return flashBox(ctx).take();
}

/** Records the flash cookie's change, if any; called once as the response leaves. */
export function writeFlashCookie<U>(ctx: RequestContext<U>): void {
  const { config } = ctx.engine;
  const outgoing = ctx.flashes?.outgoing();
  if (typeof outgoing === 'string')
    ctx.jar.set(config.flashCookieName, outgoing, config.noteCookie);
  else if (outgoing === null) ctx.jar.delete(config.flashCookieName, config.noteCookie);
}

/** The page to return to, stored by {@link rememberNext}, once (null when none or unsafe). */
export function takeNext<U>(ctx: RequestContext<U>): string | null {
  const { config } = ctx.engine;
  const value = ctx.cookies.get(config.nextCookieName);
  if (value === undefined) return null;
  ctx.jar.delete(config.nextCookieName, config.noteCookie);
  return safeNext(value, { origin: URL.parse(ctx.request.url)?.origin ?? undefined });
}

/** Stores the page to return to in a short-lived cookie. */
export function rememberNext<U>(ctx: RequestContext<U>, path: string): void {
  const { config } = ctx.engine;
  ctx.jar.set(config.nextCookieName, path, config.noteCookie);
}
