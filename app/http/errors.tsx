/**
 * @module Answers for what went wrong: client mistakes get their 4xx and a clear message,
 * genuine bugs a generic 500 page (logged, never a stack trace to the client).
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { html } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { MessagePage } from '../pages/message.js';
import { render } from '../pages/render.js';
import { isJsonClient } from './client-kind.js';
import { isStoreUnavailable, RETRY_AFTER_SECONDS } from './unavailable.js';

interface ClientErrorKind {
  /** The JSON clients' `error`. */
  readonly code: string;
  /** The page's heading. */
  readonly title: string;
}

const BAD_REQUEST: ClientErrorKind = {
  code: 'bad_request',
  title: 'Something is wrong with the request',
};

/** Each client error status the app answers (any other 4xx reads as a bad request). */
const CLIENT_ERRORS: Readonly<Record<number, ClientErrorKind>> = {
  400: BAD_REQUEST,
  403: { code: 'forbidden', title: 'Not allowed' },
  404: { code: 'not_found', title: 'Page not found' },
  409: { code: 'conflict', title: 'Not changed' },
  413: { code: 'payload_too_large', title: 'Form too large' },
  415: { code: 'unsupported_media_type', title: BAD_REQUEST.title },
  429: { code: 'throttled', title: 'Too many attempts' },
};

/**
 * The app's `onError`: `HTTPException`s below 500 and malformed URIs are the client's; a store
 * out of reach (Redis down) is a `503` to retry later; anything else is logged and answered with
 * a page that says nothing about the cause.
 *
 * @example app.onError(errorHandler(logger));
 */
export function errorHandler(logger: Logger): ErrorHandler {
  return (error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      return clientError(c, error.status as ContentfulStatusCode, error.message || 'Bad request.');
    }
    if (error instanceof URIError) return clientError(c, 400, 'The address is not valid.');
    if (isStoreUnavailable(error)) {
      logger.warn({ err: error, method: c.req.method, path: c.req.path }, 'store unavailable');
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      if (isJsonClient(c)) return c.json({ error: 'service_unavailable' }, 503);
      const message = 'The service is briefly unavailable. Please try again in a few seconds.';
      return c.html(plainPage('Service unavailable', message), 503);
    }
    logger.error({ err: error, method: c.req.method, path: c.req.path }, 'unhandled error');
    if (isJsonClient(c)) return c.json({ error: 'internal_error' }, 500);
    return c.html(plainPage('Something went wrong', 'Something went wrong on our side.'), 500);
  };
}

/**
 * The app's `notFound`: a `404` page inside the layout.
 *
 * @example app.notFound(notFoundHandler());
 */
export function notFoundHandler(): NotFoundHandler {
  return (c) => clientError(c, 404, 'There is no page at this address.');
}

/** A 4xx answer: JSON for JSON clients, else a page in the layout (plain if even that fails). */
export async function clientError(
  c: Context,
  status: ContentfulStatusCode,
  message: string,
): Promise<Response> {
  const { code, title } = CLIENT_ERRORS[status] ?? BAD_REQUEST;
  if (isJsonClient(c)) return c.json({ error: code, message }, status);
  try {
    return await render(c, title, () => <MessagePage message={message} />, {
      status,
      forms: false,
    });
  } catch {
    // The layout needs the visitor; when even that fails (the database is down), a plain page.
    return c.html(plainPage(title, message), status);
  }
}

/** hono/html escapes every interpolated value. */
function plainPage(title: string, message: string) {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="/static/style.css"></head><body><main id="main"><h1>${title}</h1><p>${message}</p><p><a href="/">Back to the home page</a></p></main></body></html>`;
}
