/**
 * @module The floor's login: a user id in a cookie signed with one synchronous HMAC-SHA256,
 * and an argon2id check at OWASP's parameters. The least any login-protected page can cost.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { BENCH_USER } from './fixture.js';

const KEY = randomBytes(32);
/** The cookie the floors set: `sid=<user id>.<base64url HMAC>`. */
export const FLOOR_COOKIE = 'sid';
// OWASP's argon2id: 19 MiB, 2 passes, 1 lane (Latchkey's default too). algorithm 2 = argon2id.
const ARGON2ID = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

const passwordHash = await hash(BENCH_USER.password, ARGON2ID);

function mac(userId: string): Buffer {
  return createHmac('sha256', KEY).update(userId).digest();
}

/** The signed cookie value for a user id. */
export function signUserId(userId: string): string {
  return `${userId}.${mac(userId).toString('base64url')}`;
}

/** The user id in a signed cookie value, or null when it is missing or forged. */
export function verifyUserId(value: string | undefined): string | null {
  if (value === undefined) return null;
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return null;
  const userId = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), 'base64url');
  const expected = mac(userId);
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}

/** Checks a login form; the user's id when email and password match. */
export async function checkLogin(email: unknown, password: unknown): Promise<string | null> {
  if (typeof password !== 'string') return null;
  const ok = await verify(passwordHash, password);
  return ok && email === BENCH_USER.email ? BENCH_USER.id : null;
}

/** The Set-Cookie value of a successful login. */
export function floorSetCookie(userId: string, remember: boolean): string {
  const maxAge = remember ? '; Max-Age=2592000' : '';
  return `${FLOOR_COOKIE}=${signUserId(userId)}; Path=/; HttpOnly; SameSite=Lax${maxAge}`;
}
