/**
 * @module The secrets a setup page showed and not yet confirmed: sealed in the session's data,
 * the last three for 15 minutes, so a reload (or a second tab) still confirms with the app
 * that scanned an earlier code.
 */
import type { RequestAuth } from '../../core/request-auth.js';
import type { Account } from '../types.js';
import type { TwoFactorContext } from './options.js';
import { newTotpEnrolment, totpQrSvg, totpUri } from './totp.js';

/** What a setup page shows. */
export interface SetupShown {
  /** The base32 secret. */
  readonly secret: string;
  /** The `otpauth://totp/…` URI. */
  readonly uri: string;
  /** A QR code of the URI, an SVG document. */
  readonly qrSvg: string;
}

/** Where the session keeps the sealed secrets. */
export const SETUP_KEY = '_totpSetup';
const KEEP = 3;
const LIFETIME_MS = 15 * 60_000;

interface Shown {
  readonly sealed: string;
  readonly at: number;
}

/**
 * A new secret, kept sealed in the session beside the last two.
 *
 * @example const shown = await startSetup(twoFactor, auth, account);
 */
export async function startSetup(
  twoFactor: TwoFactorContext,
  auth: RequestAuth<Account>,
  account: Account,
): Promise<SetupShown | null> {
  const now = twoFactor.clock();
  const enrolment = newTotpEnrolment(twoFactor.random, {
    issuer: twoFactor.issuer,
    label: account.email,
  });
  const kept = await shownList(auth);
  const entry: Shown = { sealed: twoFactor.box.seal(enrolment.secret, context(account)), at: now };
  const saved = await auth.setSessionData({ [SETUP_KEY]: [entry, ...kept].slice(0, KEEP) });
  if (!saved) return null;
  return { ...enrolment, qrSvg: await totpQrSvg(enrolment.uri) };
}

/**
 * The secrets shown to this session and still young enough, newest first.
 *
 * @example for (const secret of await setupSecrets(twoFactor, auth, account, now)) …
 */
export async function setupSecrets(
  twoFactor: TwoFactorContext,
  auth: RequestAuth<Account>,
  account: Account,
  now: number,
): Promise<string[]> {
  const secrets: string[] = [];
  for (const entry of await shownList(auth)) {
    if (now - entry.at > LIFETIME_MS) continue;
    const opened = twoFactor.box.open(entry.sealed, context(account));
    if (opened) secrets.push(opened.plain);
  }
  return secrets;
}

/**
 * What the page shows for a secret already made.
 *
 * @example const shown = await showSetup(twoFactor, account, secret);
 */
export async function showSetup(
  twoFactor: TwoFactorContext,
  account: Account,
  secret: string,
): Promise<SetupShown> {
  const uri = totpUri(secret, { issuer: twoFactor.issuer, label: account.email });
  return { secret, uri, qrSvg: await totpQrSvg(uri) };
}

async function shownList(auth: RequestAuth<Account>): Promise<Shown[]> {
  const data = (await auth.session())?.data[SETUP_KEY];
  if (!Array.isArray(data)) return [];
  return data.filter(
    (entry): entry is Shown =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as Shown).sealed === 'string' &&
      typeof (entry as Shown).at === 'number',
  );
}

/** Setup secrets are sealed for their account and purpose, never usable as another's. */
function context(account: Account): string {
  return `setup:${account.id}`;
}
