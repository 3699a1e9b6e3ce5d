/**
 * @module `npm run bench:profile`: the Hono floor and Latchkey on Hono under the same load with
 * `node --cpu-prof`, then where Latchkey's extra CPU per request goes. Writes the profiles,
 * folded stacks and a summary under bench/results/profiles/.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_USER_AGENT } from '../apps/shared/fixture.js';
import { buildApps } from './build.js';
import { login } from './client.js';
import { type CpuProfile, summarizeProfile } from './cpu-profile.js';
import { load } from './load.js';
import { startApp } from './processes.js';
import { allStacks, BENCH_DIR, BUILD_DIR, detectCapabilities, ROOT_DIR } from './stacks.js';

const seconds = Number(process.argv[2] ?? 15);
const ids = (process.argv[3] ?? 'floor-hono,latchkey-hono-memory').split(',');
await buildApps(ROOT_DIR, BENCH_DIR, BUILD_DIR);
const caps = detectCapabilities();
const dir = join(BENCH_DIR, 'results/profiles');
mkdirSync(dir, { recursive: true });

const lines: string[] = [
  `# CPU profiles, ${new Date().toISOString()}`,
  '',
  `${seconds} s at 50 connections each, ${caps.wrk ? 'wrk' : 'autocannon'}.`,
  '',
];
const perRequest: Record<string, number> = {};
for (const id of ids) {
  const stack = allStacks(caps).find((candidate) => candidate.id === id);
  if (!stack) throw new Error(`no stack ${id}`);
  const profileDir = join(dir, id);
  rmSync(profileDir, { recursive: true, force: true });
  const app = await startApp(stack, {}, { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profileDir] });
  const cookie = await login(app.base);
  const spec = {
    url: `${app.base}/profile`,
    headers: { cookie, 'user-agent': BENCH_USER_AGENT },
    connections: 50,
  };
  await load(caps.wrk, { ...spec, seconds: 3 });
  const result = await load(caps.wrk, { ...spec, seconds });
  await app.stop();
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`${id} wrote no profile`);
  const summary = summarizeProfile(
    JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile,
  );
  writeFileSync(join(dir, `${id}.folded`), summary.folded);
  // Warm-up and login are in the profile too; they are small beside the timed load.
  const requests = result.requests + result.requests * (3 / seconds);
  const usPerRequest = (summary.busyMs * 1000) / requests;
  perRequest[id] = usPerRequest;
  lines.push(
    `## ${id}`,
    '',
    `${result.rps.toFixed(0)} req/s, p99 ${result.latencyMs.p99.toFixed(2)} ms; ${summary.busyMs.toFixed(0)} ms busy, ~${usPerRequest.toFixed(1)} µs CPU per request.`,
    '',
  );
  lines.push('| area (self time) | ms | µs / request | share |', '| --- | --- | --- | --- |');
  for (const [name, ms] of Object.entries(summary.byArea)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 20)) {
    lines.push(
      `| ${name} | ${ms.toFixed(0)} | ${((ms * 1000) / requests).toFixed(2)} | ${((100 * ms) / summary.busyMs).toFixed(1)} % |`,
    );
  }
  if (Object.keys(summary.byLatchkeyFrame).length > 0) {
    lines.push(
      '',
      '| innermost Latchkey frame (callees included) | ms | µs / request | share |',
      '| --- | --- | --- | --- |',
    );
    for (const [name, ms] of Object.entries(summary.byLatchkeyFrame)
      .sort(([, a], [, b]) => b - a)
      .slice(0, 25)) {
      lines.push(
        `| \`${name}\` | ${ms.toFixed(0)} | ${((ms * 1000) / requests).toFixed(2)} | ${((100 * ms) / summary.busyMs).toFixed(1)} % |`,
      );
    }
  }
  lines.push('', '| function (self time) | ms | share |', '| --- | --- | --- |');
  for (const { frame, ms } of summary.topSelf.slice(0, 20)) {
    lines.push(
      `| \`${frame}\` | ${ms.toFixed(0)} | ${((100 * ms) / summary.busyMs).toFixed(1)} % |`,
    );
  }
  lines.push('');
}
const [floor, ours] = ids.map((id) => perRequest[id] ?? Number.NaN);
if (floor && ours)
  lines.push(
    `CPU per request, ${ids[1]} ÷ ${ids[0]}: ${(ours / floor).toFixed(2)}× (${(ours - floor).toFixed(1)} µs more).`,
    '',
  );
writeFileSync(join(dir, 'summary.md'), lines.join('\n'));
process.stdout.write(lines.join('\n'));
process.exit(0);
