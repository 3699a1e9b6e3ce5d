/** @module The sessions page: every live session of the account, and a way to end the others. */
import type { FC } from 'hono/jsx';
import type { SessionInfo } from '../../src/index.js';
import { PostForm, Submit } from './form.js';
import { readableTime } from './time.js';

/** Props of {@link SessionsPage}. */
export interface SessionsPageProps {
  readonly csrfToken: string;
  readonly sessions: readonly SessionInfo[];
  /** The id of this browser's session. */
  readonly currentId: string | null;
}

/** Each session marked by its id (a hash, never the cookie value), this browser's marked current. */
export const SessionsPage: FC<SessionsPageProps> = ({ csrfToken, sessions, currentId }) => (
  <section class="card">
    <ul class="sessions">
      {sessions.map((session) => {
        const current = session.id === currentId;
        return (
          <li
            class={current ? 'session session-current' : 'session'}
            data-session-id={session.id}
            data-current={current ? '' : undefined}
          >
            <p class="session-agent">
              {session.userAgent ?? 'Unknown browser'}
              {current ? <strong class="badge"> This browser</strong> : null}
            </p>
            <dl class="details">
              <dt>Address</dt>
              <dd class="session-address">{session.address ?? 'Unknown'}</dd>
              <dt>Last seen</dt>
              <dd class="session-last-seen">
                <time datetime={new Date(session.lastSeenAt).toISOString()}>
                  {readableTime(session.lastSeenAt)}
                </time>
              </dd>
              <dt>Signed in</dt>
              <dd>
                <time datetime={new Date(session.createdAt).toISOString()}>
                  {readableTime(session.createdAt)}
                </time>
              </dd>
              <dt>Remembered</dt>
              <dd>{session.remembered ? 'Restored by remember-me' : 'No'}</dd>
            </dl>
          </li>
        );
      })}
    </ul>
    <PostForm
      action="/auth/sessions/revoke-others"
      csrfToken={csrfToken}
      label="Log out other sessions"
    >
      <Submit label="Log out every other session" />
    </PostForm>
  </section>
);
