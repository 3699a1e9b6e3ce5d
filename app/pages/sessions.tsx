/** @module The sessions page: every live session of the account, and a way to end the others. */
import type { FC } from 'hono/jsx';
import type { AuditEntry } from '../../src/accounts/index.js';
import type { SessionInfo } from '../../src/index.js';
import { PostForm, Submit } from './form.js';
import { readableTime } from './time.js';

/** Props of {@link SessionsPage}. */
export interface SessionsPageProps {
  readonly csrfToken: string;
  readonly sessions: readonly SessionInfo[];
  /** The id of this browser's session. */
  readonly currentId: string | null;
  /** The account's latest audit entries, newest first. */
  readonly events?: readonly AuditEntry[];
}

/** Each session marked by its id (a hash, never the cookie value), this browser's marked current. */
export const SessionsPage: FC<SessionsPageProps> = (props) => (
  <>
    <Sessions {...props} />
    <RecentActivity events={props.events ?? []} />
  </>
);

const Sessions: FC<SessionsPageProps> = ({ csrfToken, sessions, currentId }) => (
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
    <RevokeOthersForm csrfToken={csrfToken} />
  </section>
);

/** The button that logs out every other session of the account (this one stays). */
export const RevokeOthersForm: FC<{ csrfToken: string }> = ({ csrfToken }) => (
  <PostForm
    action="/auth/sessions/revoke-others"
    csrfToken={csrfToken}
    label="Log out other sessions"
  >
    <Submit label="Log out every other session" />
  </PostForm>
);

/** The account's own recent events: what happened, when, from where. */
const RecentActivity: FC<{ events: readonly AuditEntry[] }> = ({ events }) => (
  <section class="card" aria-labelledby="recent-activity">
    <h2 id="recent-activity">Recent activity</h2>
    {events.length === 0 ? <p>Nothing recorded yet.</p> : null}
    <ul class="sessions">
      {events.map((event) => (
        <li class="session" data-audit-id={event.id}>
          <p>
            <strong>{event.type.replaceAll('_', ' ')}</strong>
            {event.outcome === 'failure' ? <span class="badge"> failed</span> : null}
          </p>
          <dl class="details">
            <dt>When</dt>
            <dd>
              <time datetime={new Date(event.at).toISOString()}>{readableTime(event.at)}</time>
            </dd>
            <dt>Address</dt>
            <dd>{event.address ?? 'Unknown'}</dd>
            <dt>Browser</dt>
            <dd>{event.userAgent ?? 'Unknown'}</dd>
          </dl>
        </li>
      ))}
    </ul>
  </section>
);
