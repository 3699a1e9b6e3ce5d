/** @module Rendering a page inside the layout, with the visitor, its CSRF token and its flash messages. */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { authOf } from '../http/auth.js';
import { Layout, type Visitor } from './layout.js';

/** Status and extra headers of a rendered page. */
export interface RenderInit {
  readonly status?: ContentfulStatusCode;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * False when the page has no form of its own: an anonymous visitor then gets no CSRF token,
   * and so no binding cookie, just for looking. Default true.
   */
  readonly forms?: boolean;
}

/**
 * Renders `body` (given the visitor) inside the layout as a full HTML document.
 *
 * @example return render(c, 'Log in', (v) => <LoginForm csrfToken={v.csrfToken} />);
 */
export async function render(
  c: Context,
  title: string,
  body: (visitor: Visitor) => Child,
  init: RenderInit = {},
): Promise<Response> {
  const auth = authOf(c);
  const user = await auth.currentUser();
  // A logged-in visitor always needs one: the layout carries the logout form.
  const csrfToken = user !== null || init.forms !== false ? await auth.csrfToken() : '';
  const visitor: Visitor = { user, csrfToken };
  const page = await (
    <Layout title={title} flashes={auth.takeFlashes()} {...visitor}>
      {body(visitor)}
    </Layout>
  );
  return c.html(`<!doctype html>${page}`, init.status ?? 200, init.headers);
}
