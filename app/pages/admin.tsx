/** @module The admin pages: the accounts list with its actions, and the audit log. */
import type { FC } from 'hono/jsx';
import type { Account, AuditEntry } from '../../src/accounts/index.js';
import { PostForm, Submit } from './form.js';
import { readableTime } from './time.js';

/** Props of {@link AdminUsersPage}. */
export interface AdminUsersPageProps {
  readonly csrfToken: string;
  readonly accounts: readonly Account[];
  readonly query: string;
  /** The admin looking: their own row offers no disable button. */
  readonly selfId: string;
  /** The offset of the next page, when there is one. */
  readonly nextOffset: number | null;
}

/** The search form and one row per account (`data-user-id`), with its actions. */
export const AdminUsersPage: FC<AdminUsersPageProps> = (props) => {
  const { csrfToken, accounts, query, selfId, nextOffset } = props;
  return (
    <section class="card">
      <form method="get" action="/admin/users" class="stack" aria-label="Search accounts">
        <div class="field">
          <label for="field-q">Email or username contains</label>
          <input id="field-q" name="q" type="search" value={query} maxlength={254} />
        </div>
        <button type="submit" class="button">
          Search
        </button>
      </form>
      {accounts.length === 0 ? <p>No accounts match.</p> : null}
      <AdminTable
        headings={['Email', 'Username', 'Role', 'Confirmed', 'Disabled', 'Last login', 'Actions']}
      >
        {accounts.map((account) => (
          <tr data-user-id={account.id}>
            <td class="user-email">{account.email}</td>
            <td class="user-username">{account.username}</td>
            <td class="user-role">{account.role}</td>
            <td class="user-confirmed">{account.confirmed ? 'yes' : 'no'}</td>
            <td class="user-disabled">{account.disabled ? 'yes' : 'no'}</td>
            <td class="user-last-login">
              {account.lastLoginAt === null ? 'never' : timeOf(account.lastLoginAt)}
            </td>
            <td>
              {account.id === selfId ? null : account.disabled ? (
                <Action id={account.id} action="enable" label="Enable" csrfToken={csrfToken} />
              ) : (
                <Action id={account.id} action="disable" label="Disable" csrfToken={csrfToken} />
              )}
              <Action
                id={account.id}
                action="revoke-sessions"
                label="Log out everywhere"
                csrfToken={csrfToken}
              />
            </td>
          </tr>
        ))}
      </AdminTable>
      {nextOffset === null ? null : (
        <p>
          <a href={`/admin/users?${new URLSearchParams({ q: query, offset: String(nextOffset) })}`}>
            More accounts
          </a>
        </p>
      )}
      <p>
        <a href="/admin/audit">The audit log</a>
      </p>
    </section>
  );
};

const Action: FC<{ id: string; action: string; label: string; csrfToken: string }> = (props) => (
  <PostForm
    action={`/admin/users/${encodeURIComponent(props.id)}/${props.action}`}
    csrfToken={props.csrfToken}
    label={props.label}
    class="inline"
  >
    <Submit label={props.label} />
  </PostForm>
);

/** Props of {@link AuditPage}. */
export interface AuditPageProps {
  readonly entries: readonly AuditEntry[];
  /** The cursor of the next (older) page, when there may be one. */
  readonly before: string | null;
}

/** The audit log, newest first: one row per entry (`data-audit-id`). */
export const AuditPage: FC<AuditPageProps> = ({ entries, before }) => (
  <section class="card">
    {entries.length === 0 ? <p>Nothing recorded yet.</p> : null}
    <AdminTable
      headings={['Time', 'Event', 'Outcome', 'Account', 'By', 'Address', 'User agent', 'Details']}
    >
      {entries.map((entry) => (
        <tr data-audit-id={entry.id}>
          <td>{timeOf(entry.at)}</td>
          <td class="audit-type">{entry.type}</td>
          <td class="audit-outcome">{entry.outcome}</td>
          <td class="audit-account">{entry.accountId ?? '—'}</td>
          <td class="audit-actor">{entry.actorId ?? '—'}</td>
          <td class="audit-address">{entry.address ?? '—'}</td>
          <td class="audit-user-agent">{entry.userAgent ?? '—'}</td>
          <td class="audit-detail">{detailText(entry)}</td>
        </tr>
      ))}
    </AdminTable>
    {before === null ? null : (
      <p>
        <a href={`/admin/audit?before=${before}`}>Older entries</a>
      </p>
    )}
    <p>
      <a href="/admin/users">Accounts</a>
    </p>
  </section>
);

/**
 * A table of the admin pages: a header row of column headings, then the rows given. It scrolls
 * sideways inside its card on a narrow screen rather than pushing the page wider.
 */
const AdminTable: FC<{ headings: readonly string[]; children?: unknown }> = (props) => (
  <div class="table-scroll">
    <table class="admin-table">
      <thead>
        <tr>
          {props.headings.map((heading) => (
            <th scope="col">{heading}</th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  </div>
);

function detailText(entry: AuditEntry): string {
  const parts = Object.entries(entry.detail ?? {}).map(([key, value]) => `${key}: ${value}`);
  if (entry.reason) parts.unshift(`reason: ${entry.reason}`);
  return parts.join(', ') || '—';
}

function timeOf(ms: number) {
  return <time datetime={new Date(ms).toISOString()}>{readableTime(ms)}</time>;
}
