/**
 * @module Answers for what went wrong: client mistakes get their 4xx and a clear message,
 * genuine bugs a generic 500 page (logged, never a stack trace to the client).
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { escapeHtml } from '../../src/accounts/index.js';
import { MessagePage } from '../pages/message.js';
import { render } from '../pages/render.js';
import { isJsonClient } from './client-kind.js';

const ERROR_CODES: Readonly<Record<number, string>> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * The app's `onError`: `HTTPException`s below 500 and malformed URIs are the client's; anything
 * else is logged and answered with a page that says nothing about the cause.
 *
 * @example app.onError(errorHandler(logger));
 */
export function errorHandler(logger: Logger): ErrorHandler {
  return (error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      return clientError(c, error.status as ContentfulStatusCode, error.message || 'Bad request.');
    }
    if (error instanceof URIError) return clientError(c, 400, 'The address is not valid.');
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
  if (isJsonClient(c))
    return c.json({ error: ERROR_CODES[status] ?? 'bad_request', message }, status);
  try {
    return await render(c, titleFor(status), () => <MessagePage message={message} />, {
      status,
      forms: false,
    });
  } catch {
    return c.html(plainPage(titleFor(status), message), status);
  }
}

function titleFor(status: number): string {
  if (status === 404) return 'Page not found';
  if (status === 413) return 'Form too large';
  if (status === 429) return 'Too many attempts';
  return 'Something is wrong with the request';
}

function plainPage(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/static/style.css"></head><body><main id="main"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to the home page</a></p></main></body></html>`;
}
