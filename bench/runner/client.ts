/**
 * @module One browser's worth of requests against an app: log in for a Cookie header, and
 * check that the app keeps the benchmark's contract before it is timed.
 */
import { BENCH_USER, BENCH_USER_AGENT } from '../apps/shared/fixture.js';

/** The login form as every load posts it. */
export function loginBody(password: string = BENCH_USER.password, remember = false): string {
  const form = new URLSearchParams({ email: BENCH_USER.email, password });
  if (remember) form.set('remember', 'on');
  return form.toString();
}

export const FORM_HEADERS = {
  'content-type': 'application/x-www-form-urlencoded',
  'user-agent': BENCH_USER_AGENT,
} as const;

async function postLogin(base: string, body: string): Promise<Response> {
  return fetch(`${base}/login`, {
    method: 'POST',
    headers: FORM_HEADERS,
    body,
    redirect: 'manual',
  });
}

function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';', 1)[0] ?? '')
    .filter((pair) => !pair.endsWith('='))
    .join('; ');
}

/** Logs the bench user in and returns the Cookie header to send. */
export async function login(base: string): Promise<string> {
  const response = await postLogin(base, loginBody());
  await response.arrayBuffer();
  if (response.status !== 302) throw new Error(`login answered ${response.status}, not 302`);
  const cookie = cookieHeader(response);
  if (cookie === '') throw new Error('login set no cookie');
  return cookie;
}

/** GET with the bench's user agent (session protection binds to it). */
export async function get(base: string, path: string, cookie?: string): Promise<Response> {
  return fetch(`${base}${path}`, {
    headers: { 'user-agent': BENCH_USER_AGENT, ...(cookie ? { cookie } : {}) },
    redirect: 'manual',
  });
}

/** What the contract check found; `problems` is empty when the app keeps it. */
export interface ContractCheck {
  readonly problems: string[];
  readonly profileBytes: number;
  readonly cookie: string;
}

/**
 * Walks the contract once: /hello, a refused login (401), /profile without a cookie (refused),
 * a login with `remember` (302 + Set-Cookie), and /profile with the cookie (200, the name).
 */
export async function checkContract(base: string): Promise<ContractCheck> {
  const problems: string[] = [];
  const hello = await get(base, '/hello');
  if (hello.status !== 200 || !(await hello.text()).includes('hello')) problems.push('/hello');
  const wrong = await postLogin(base, loginBody('not the password'));
  await wrong.arrayBuffer();
  if (wrong.status !== 401) problems.push(`wrong password answered ${wrong.status}`);
  const anonymous = await get(base, '/profile');
  await anonymous.arrayBuffer();
  if (anonymous.status === 200) problems.push('/profile served without a login');
  const remembered = await postLogin(base, loginBody(BENCH_USER.password, true));
  await remembered.arrayBuffer();
  if (remembered.status !== 302 || remembered.headers.getSetCookie().length === 0) {
    problems.push(`remembered login answered ${remembered.status}`);
  }
  const cookie = await login(base);
  const profile = await get(base, '/profile', cookie);
  const page = await profile.text();
  if (profile.status !== 200 || !page.includes(`Signed in as ${BENCH_USER.name}.`)) {
    problems.push(`/profile with the cookie answered ${profile.status}`);
  }
  return { problems, profileBytes: Buffer.byteLength(page), cookie };
}
