/**
 * @module Passkeys (WebAuthn through `@simplewebauthn/server`): register several per account,
 * list and remove them, and sign in with one as a full, fresh login. Discoverable credentials
 * and user verification are required; each challenge is single-use, lives 5 minutes and is
 * bound to the browser (and, for a registration, to its session); counters only go up.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { RequestAuth } from '../../core/request-auth.js';
import type { AccountsContext } from '../context.js';
import { currentAccount, invalid, NOT_LOGGED_IN, noteLogin, throttled } from '../flow-support.js';
import type { Account } from '../types.js';
import { type PasskeyContext, required } from './options.js';
import type { PasskeyInfo, PasskeyService } from './services.js';
import type { PasskeyRecord } from './store-types.js';

const CHALLENGE_COOKIE = 'passkey_challenge';
const REGISTER = 'passkey-register';
const LOGIN = 'passkey-login';
const CHALLENGE_MS = 5 * 60_000;
const MAX_NAME = 64;
const EXPIRED = 'The passkey request expired or was used already; please try again.';
const NOT_SIGNED_IN = 'That passkey did not sign you in.';

/**
 * The passkey flows over the accounts context; each throws `config_invalid` without the
 * `passkeys` option.
 *
 * @example const passkeys = createPasskeyService(context);
 */
export function createPasskeyService(context: AccountsContext): PasskeyService {
  const options = (): PasskeyContext => required(context.passkeys, 'passkeys');

  return {
    async list(accountId) {
      return (await options().store.list(accountId)).map(toInfo);
    },

    async registrationOptions(auth) {
      const passkeys = options();
      const account = await currentAccount(context, auth);
      const session = await auth.session();
      if (!account || !session) return null;
      const existing = await passkeys.store.list(account.id);
      const creation = await generateRegistrationOptions({
        rpName: passkeys.rpName,
        rpID: passkeys.rpId,
        userName: account.email,
        userDisplayName: account.username,
        userID: new TextEncoder().encode(account.id),
        challenge: Uint8Array.from(passkeys.random(32)),
        timeout: CHALLENGE_MS,
        attestationType: 'none',
        excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId })),
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      });
      await auth.tickets.issue(CHALLENGE_COOKIE, REGISTER, {
        userId: account.id,
        lifetimeMs: CHALLENGE_MS,
        data: { challenge: creation.challenge, sessionId: session.id },
      });
      return creation;
    },

    async register(auth, input) {
      const passkeys = options();
      const account = await currentAccount(context, auth);
      const session = await auth.session();
      if (!account || !session) return NOT_LOGGED_IN;
      const name = input.name.trim() || 'Passkey';
      if ([...name].length > MAX_NAME) {
        return invalid({ name: `A name has at most ${MAX_NAME} characters.` });
      }
      const ticket = await auth.tickets.take(CHALLENGE_COOKIE, REGISTER);
      const challenge = ticket?.data?.challenge;
      if (
        !ticket ||
        ticket.userId !== account.id ||
        ticket.data?.sessionId !== session.id ||
        typeof challenge !== 'string'
      ) {
        return invalid({ form: EXPIRED });
      }
      const verified = await verifyRegistrationResponse({
        response: input.response as never,
        expectedChallenge: challenge,
        expectedOrigin: passkeys.origin,
        expectedRPID: passkeys.rpId,
        requireUserVerification: true,
      }).catch(() => null);
      if (!verified?.verified || !verified.registrationInfo) {
        return invalid({ form: 'The browser’s answer did not check out; no passkey was added.' });
      }
      const { credential, credentialBackedUp } = verified.registrationInfo;
      const record: PasskeyRecord = {
        id: context.newId(),
        accountId: account.id,
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: credential.transports ?? [],
        name,
        createdAt: context.clock(),
        lastUsedAt: null,
        backedUp: credentialBackedUp,
      };
      const added = await context.change(async (tx) => {
        const outcome = await required(tx.passkeys, 'passkeys').add(record);
        if (outcome === 'added') await tx.emit('passkey_added', account.id, auth);
        return outcome;
      });
      if (added === 'duplicate') return invalid({ form: 'This passkey is registered already.' });
      return { ok: true, passkey: toInfo(record) };
    },

    async authenticationOptions(auth) {
      const passkeys = options();
      const request = await generateAuthenticationOptions({
        rpID: passkeys.rpId,
        challenge: Uint8Array.from(passkeys.random(32)),
        timeout: CHALLENGE_MS,
        userVerification: 'required',
        allowCredentials: [],
      });
      await auth.tickets.issue(CHALLENGE_COOKIE, LOGIN, {
        userId: '',
        lifetimeMs: CHALLENGE_MS,
        data: { challenge: request.challenge },
      });
      return request;
    },

    async authenticate(auth, input) {
      const passkeys = options();
      const address = auth.clientAddress;
      // Failed passkey logins count against the client address, beside its failed passwords
      // and codes; which account an assertion names is not trusted before it checks out.
      const held = await context.throttle.loginHold(null, address);
      if (held !== null) {
        await context.emit('login_throttled', null, auth, {
          reason: 'held',
          detail: { method: 'passkey' },
        });
        return throttled(held);
      }
      const ticket = await auth.tickets.take(CHALLENGE_COOKIE, LOGIN);
      const challenge = ticket?.data?.challenge;
      if (!ticket || typeof challenge !== 'string') return invalid({ form: EXPIRED });
      const signedIn = await signIn(context, passkeys, auth, input.response, challenge);
      if (!signedIn) {
        await context.throttle.recordFailure(null, address);
        await context.emit('passkey_login_failed', null, address);
        return invalid({ form: NOT_SIGNED_IN });
      }
      const current = await noteLogin(context, signedIn);
      await context.emit('passkey_login_ok', signedIn.id, address);
      return { ok: true, account: current };
    },

    async remove(auth, id) {
      options();
      const account = await currentAccount(context, auth);
      if (!account) return false;
      return context.change(async (tx) => {
        const removed = await required(tx.passkeys, 'passkeys').remove(account.id, id);
        if (removed) await tx.emit('passkey_removed', account.id, auth);
        return removed;
      });
    },
  };
}

/** The account an assertion proves, logged in; null for anything that does not check out. */
async function signIn(
  context: AccountsContext,
  passkeys: PasskeyContext,
  auth: RequestAuth<Account>,
  response: unknown,
  challenge: string,
): Promise<Account | null> {
  const assertion = response as { id?: unknown; response?: { userHandle?: unknown } } | null;
  const credentialId = typeof assertion?.id === 'string' ? assertion.id : null;
  const passkey = credentialId && (await passkeys.store.byCredentialId(credentialId));
  if (!passkey) return null;
  const account = await context.store.byId(passkey.accountId);
  if (!account || account.disabled) return null;
  // A discoverable credential names its user: it must be the passkey's own account.
  const userHandle = assertion?.response?.userHandle;
  if (userHandle !== Buffer.from(account.id, 'utf8').toString('base64url')) return null;
  const verified = await verifyAuthenticationResponse({
    response: response as never,
    expectedChallenge: challenge,
    expectedOrigin: passkeys.origin,
    expectedRPID: passkeys.rpId,
    credential: {
      id: passkey.credentialId,
      publicKey: Uint8Array.from(Buffer.from(passkey.publicKey, 'base64url')),
      counter: passkey.counter,
      transports: passkey.transports as never,
    },
    requireUserVerification: true,
  }).catch(() => null);
  // The library refuses a counter that did not go up (unless the authenticator keeps none).
  if (!verified?.verified || !verified.authenticationInfo.userVerified) return null;
  const { newCounter } = verified.authenticationInfo;
  const used = await passkeys.store.recordUse(
    passkey.id,
    passkey.counter,
    newCounter,
    context.clock(),
  );
  if (!used) return null;
  return (await auth.login(account, { fresh: true })) ? account : null;
}

function toInfo(passkey: PasskeyRecord): PasskeyInfo {
  return {
    id: passkey.id,
    name: passkey.name,
    createdAt: passkey.createdAt,
    lastUsedAt: passkey.lastUsedAt,
    backedUp: passkey.backedUp,
  };
}
