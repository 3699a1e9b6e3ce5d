/**
 * @module The per-request work alone, in a tight loop with no HTTP: the floor's signed-cookie
 * check against Latchkey's begin → check → flush behind a Hono-shaped request view. Prints
 * CPU µs per request (process.cpuUsage, steadier than wall time on a busy machine) as JSON.
 * Built with the apps, so `bench:compare` can run it against an older commit's sources too.
 */
import { AdapterRequestView } from '../../../src/adapters/shared/request-reader.js';
import { LoginManager } from '../../../src/core/manager.js';
import { loginAs } from '../../../src/testing/index.js';
import { BENCH_USER, BENCH_USER_AGENT } from './fixture.js';
import { FLOOR_COOKIE, signUserId, verifyUserId } from './floor-cookie.js';

interface FakeRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly remoteAddress: string;
}

const iterations = Number(process.argv[2] ?? 100_000);
const repeats = Number(process.argv[3] ?? 7);
const manager = new LoginManager({
  userLoader: (id) => (id === BENCH_USER.id ? BENCH_USER : null),
});
const sessionCookie = await loginAs(manager, BENCH_USER);
const reader = {
  method: (request: FakeRequest) => request.method,
  url: (request: FakeRequest) => request.url,
  header: (request: FakeRequest, name: string) => request.headers[name] ?? null,
  remoteAddress: (request: FakeRequest) => request.remoteAddress,
};
const request = (cookie: string): FakeRequest => ({
  method: 'GET',
  url: 'http://127.0.0.1/profile',
  headers: { cookie: `theme=dark; ${cookie}`, 'user-agent': BENCH_USER_AGENT, accept: 'text/html' },
  remoteAddress: '127.0.0.1',
});
const latchkeyRequest = request(sessionCookie);
const floorRequest = request(`${FLOOR_COOKIE}=${signUserId(BENCH_USER.id)}`);

async function latchkeyOnce(): Promise<void> {
  const auth = manager.begin(new AdapterRequestView(latchkeyRequest, reader));
  const outcome = await auth.check();
  if (outcome.action !== 'allow') throw new Error('expected allow');
  if ((await auth.currentUser()) === null) throw new Error('expected the user');
  auth.setCookieHeaders();
}

function floorOnce(): void {
  const header = floorRequest.headers.cookie ?? '';
  const value = /(?:^|;\s*)sid=([^;]*)/.exec(header)?.[1];
  if (verifyUserId(value) !== BENCH_USER.id) throw new Error('expected the user');
}

async function cpuUsPer(run: () => unknown): Promise<number> {
  const samples: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const start = process.cpuUsage();
    for (let i = 0; i < iterations; i++) await run();
    const used = process.cpuUsage(start);
    samples.push((used.user + used.system) / iterations);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

await latchkeyOnce(); // binds the session to this client, as the first real request would
for (let i = 0; i < 20_000; i++) await latchkeyOnce();
const floor = await cpuUsPer(floorOnce);
const latchkey = await cpuUsPer(latchkeyOnce);
process.stdout.write(
  `${JSON.stringify({ iterations, repeats, floorUs: floor, latchkeyUs: latchkey })}\n`,
);
