/** @module The one layout: header navigation, flash messages, and the logout form for a logged-in user. */
import type { Child, FC } from 'hono/jsx';
import type { Account } from '../../src/accounts/index.js';
import type { FlashMessage } from '../../src/index.js';
import { PostForm } from './form.js';

/** What every page knows about its visitor. */
export interface Visitor {
  /** The logged-in account, or null. */
  readonly user: Account | null;
  /** The token for this visitor's forms. */
  readonly csrfToken: string;
}

/** Props of {@link Layout}. */
export interface LayoutProps extends Visitor {
  readonly title: string;
  readonly flashes: readonly FlashMessage[];
  readonly children?: Child;
}

/** The page around every page. */
export const Layout: FC<LayoutProps> = ({ title, user, csrfToken, flashes, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} · Latchkey`}</title>
      <link rel="stylesheet" href="/static/style.css" />
      <link rel="icon" href="/favicon.ico" />
    </head>
    <body>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <a class="brand" href="/">
          Latchkey
        </a>
        <nav aria-label="Account">
          {user ? (
            <ul class="nav">
              <li>
                <a href="/profile">{user.username}</a>
              </li>
              <li>
                <a href="/auth/sessions">Sessions</a>
              </li>
              {user.role === 'admin' ? (
                <li>
                  <a href="/admin/users">Admin</a>
                </li>
              ) : null}
              <li>
                <PostForm
                  action="/auth/logout"
                  csrfToken={csrfToken}
                  label="Log out"
                  class="inline"
                >
                  <button type="submit" class="link-button">
                    Log out
                  </button>
                </PostForm>
              </li>
            </ul>
          ) : (
            <ul class="nav">
              <li>
                <a href="/auth/login">Log in</a>
              </li>
              <li>
                <a href="/auth/register">Register</a>
              </li>
            </ul>
          )}
        </nav>
      </header>
      <main id="main">
        {flashes.length > 0 ? (
          <div class="flashes" role="status">
            {flashes.map((flash) => (
              <p class={`flash flash-${flashCategory(flash.category)}`}>{flash.message}</p>
            ))}
          </div>
        ) : null}
        <h1>{title}</h1>
        {children}
      </main>
      <footer class="site-footer">
        <p>Latchkey reference app</p>
      </footer>
    </body>
  </html>
);

/** Only known categories become class names. */
function flashCategory(category: string): string {
  return ['success', 'error', 'warning'].includes(category) ? category : 'info';
}
