/**
 * @module A user's own API tokens: made from a form (name, scopes, days), listed without their
 * value, revoked; each change recorded. The token itself is shown once, never kept.
 */
import { z } from 'zod';
import type { ApiTokenInfo, ApiTokens } from '../core/api-tokens.js';
import type { RequestAuth } from '../core/request-auth.js';
import { LatchkeyError } from '../errors.js';
import type { NewApiTokenInput, NewApiTokenResult } from './accounts-api.js';
import type { AccountsContext } from './context.js';
import { currentAccount, invalid, NOT_LOGGED_IN } from './flow-support.js';
import type { Account } from './types.js';

const MAX_DAYS = 365;
const DEFAULT_DAYS = 30;

const nameSchema = z
  .string()
  .trim()
  .min(1, 'Give the token a name.')
  .max(100, 'Use at most 100 characters.');
const daysSchema = z
  .string()
  .trim()
  .regex(/^\d{1,3}$/, `Enter a whole number of days from 1 to ${MAX_DAYS}.`)
  .transform(Number)
  .refine((days) => days >= 1 && days <= MAX_DAYS, {
    error: `Enter a whole number of days from 1 to ${MAX_DAYS}.`,
  });

/**
 * Checks the form and issues a token to the logged-in account.
 *
 * @example const result = await createApiToken(context, auth, { name, scopes, expires_days });
 */
export async function createApiToken(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  input: NewApiTokenInput,
): Promise<NewApiTokenResult> {
  const tokens = apiTokensOf(context);
  const account = await currentAccount(context, auth);
  if (!account) return NOT_LOGGED_IN;
  const errors: Record<string, string> = {};
  const name = nameSchema.safeParse(input.name);
  if (!name.success) errors.name = name.error.issues[0]?.message ?? 'Check the name.';
  const unknown = input.scopes.find((scope) => !context.apiScopes.includes(scope));
  if (unknown !== undefined) errors.scope = `Unknown scope: ${unknown.slice(0, 40)}.`;
  const typed = (input.expires_days ?? '').trim();
  const days =
    typed === '' ? { success: true as const, data: DEFAULT_DAYS } : daysSchema.safeParse(typed);
  if (!days.success) errors.expires_days = days.error.issues[0]?.message ?? 'Check the days.';
  if (!name.success || !days.success || unknown !== undefined) return invalid(errors);
  // The token and its audit entry commit together: a token nobody can trace is never issued.
  const { token, info } = await context.change(async (tx) => {
    const issued = await tokens.issue(
      account.id,
      { name: name.data, scopes: input.scopes, expiresIn: { days: days.data } },
      tx.apiTokens ?? tokens.store,
    );
    await tx.emit('token_created', account.id, auth, {
      detail: {
        tokenId: issued.info.id,
        name: issued.info.name,
        scopes: issued.info.scopes.join(' '),
      },
    });
    return issued;
  });
  return { ok: true, token, info };
}

/**
 * The logged-in account's live tokens, newest first (empty for nobody).
 *
 * @example const list = await listApiTokens(context, auth);
 */
export async function listApiTokens(
  context: AccountsContext,
  auth: RequestAuth<Account>,
): Promise<ApiTokenInfo[]> {
  const tokens = apiTokensOf(context);
  const account = await currentAccount(context, auth);
  return account ? tokens.list(account.id) : [];
}

/**
 * Revokes one of the logged-in account's tokens: it stops working at once, everywhere. False
 * when the account has no such token.
 *
 * @example if (!(await revokeApiToken(context, auth, id))) return notFound();
 */
export async function revokeApiToken(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  id: string,
): Promise<boolean> {
  const tokens = apiTokensOf(context);
  const account = await currentAccount(context, auth);
  if (!account) return false;
  const revoked = await context.change(async (tx) => {
    if (!(await tokens.revoke(account.id, id, tx.apiTokens ?? tokens.store))) return false;
    await tx.emit('token_revoked', account.id, auth, { detail: { tokenId: id } });
    return true;
  });
  // Only once the deletion is kept (see ApiTokens.revoke).
  if (revoked) await tokens.forgetUser(account.id);
  return revoked;
}

function apiTokensOf(context: AccountsContext): ApiTokens {
  if (!context.apiTokens) {
    throw new LatchkeyError('config_invalid', 'API token flows need the apiTokens option.');
  }
  return context.apiTokens;
}
