/**
 * @module `npm run bench:compare -- <git ref> [rounds] [seconds] [store] [framework]`: Latchkey
 * on one framework (Hono unless named) built from an older commit's sources against the current
 * ones, with that framework's floors beside them, all interleaved in one run: the before/after
 * ratio of one change, free of the machine's mood.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApps } from './build.js';
import { login } from './client.js';
import { measureProfile, type Target, warmUp } from './measures.js';
import { startApp } from './processes.js';
import {
  allStacks,
  BENCH_DIR,
  BUILD_DIR,
  detectCapabilities,
  ROOT_DIR,
  type Stack,
} from './stacks.js';
import { median, ratio, summarize } from './stats.js';

const ref = process.argv[2];
if (!ref)
  throw new Error(
    'usage: npm run bench:compare -- <git ref> [rounds] [seconds] [store] [hono|express|fastify]',
  );
const rounds = Number(process.argv[3] ?? 5);
const seconds = Number(process.argv[4] ?? 6);
const store = process.argv[5] ?? 'memory';
const framework = process.argv[6] ?? 'hono';
const sha = execFileSync('git', ['-C', ROOT_DIR, 'rev-parse', '--short', ref], {
  encoding: 'utf8',
}).trim();
const head = execFileSync('git', ['-C', ROOT_DIR, 'rev-parse', '--short', 'HEAD'], {
  encoding: 'utf8',
}).trim();

// The older sources, extracted beside the tree, built with today's apps.
const oldRoot = join(ROOT_DIR, '.bench-compare', sha);
rmSync(oldRoot, { recursive: true, force: true });
mkdirSync(oldRoot, { recursive: true });
execFileSync('sh', ['-c', `git -C "${ROOT_DIR}" archive ${sha} src | tar -x -C "${oldRoot}"`]);
const oldBuild = join(BENCH_DIR, `.build-${sha}`);
await buildApps(oldRoot, BENCH_DIR, oldBuild);
await buildApps(ROOT_DIR, BENCH_DIR, BUILD_DIR);

const caps = detectCapabilities();
const findStack = (id: string, build: string, as: string): Stack | null => {
  const stack = allStacks(caps, build).find((candidate) => candidate.id === id);
  return stack ? { ...stack, id: as, label: as } : null;
};
const pickStack = (id: string, build: string, as: string): Stack => {
  const stack = findStack(id, build, as);
  if (!stack) throw new Error(`no stack ${id}`);
  return stack;
};
// The floor first, the two Latchkey builds last; the two-middleware floor where there is one.
const floors = [
  pickStack(`floor-${framework}`, BUILD_DIR, `floor-${framework}`),
  findStack(`floor-${framework}-middleware`, BUILD_DIR, `floor-${framework}-middleware`),
].filter((stack): stack is Stack => stack !== null);
const stacks = [
  ...floors,
  pickStack(`latchkey-${framework}-${store}`, oldBuild, `before (${sha})`),
  pickStack(`latchkey-${framework}-${store}`, BUILD_DIR, `after (${head}${dirty() ? '+' : ''})`),
];

function dirty(): boolean {
  return (
    execFileSync('git', ['-C', ROOT_DIR, 'status', '--porcelain', 'src'], {
      encoding: 'utf8',
    }).trim() !== ''
  );
}

// The per-request work alone (no HTTP), before and after, alternating: the finer instrument.
const loop = (build: string) =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [join(build, 'bench/apps/shared/hot-path-loop.js'), '50000', '5'],
      {
        encoding: 'utf8',
      },
    ),
  ) as { floorUs: number; latchkeyUs: number };
const loops: { before: number[]; after: number[]; floor: number[] } = {
  before: [],
  after: [],
  floor: [],
};
for (let round = 0; round < 3; round++) {
  const before = loop(oldBuild);
  const after = loop(BUILD_DIR);
  loops.before.push(before.latchkeyUs);
  loops.after.push(after.latchkeyUs);
  loops.floor.push(before.floorUs, after.floorUs);
}
const loopLine = `core loop (no HTTP), CPU µs per request: floor ${median(loops.floor).toFixed(2)}, before ${median(loops.before).toFixed(2)}, after ${median(loops.after).toFixed(2)} (after ÷ before ${ratio(median(loops.after), median(loops.before)).toFixed(3)}×)`;
process.stderr.write(`${loopLine}\n`);

const targets: Target[] = [];
for (const stack of stacks) {
  const app = await startApp(stack);
  targets.push({ app, cookie: await login(app.base) });
}
try {
  await warmUp(caps.wrk, targets, 3);
  const results = await measureProfile(caps.wrk, targets, { rounds, seconds });
  const summaries = stacks.map((stack) => summarize(results[stack.id] ?? []));
  const [floor] = summaries;
  const [before, after] = summaries.slice(-2);
  if (!floor || !before || !after) throw new Error('a stack did not run');
  const lines = [
    `# ${stacks.at(-2)?.id} → ${stacks.at(-1)?.id}, Latchkey on ${framework} (${store}), ${rounds} × ${seconds} s interleaved, ${new Date().toISOString()}`,
    '',
    '| stack | req/s | p99 ms | CPU µs/req | req/s ÷ floor | CPU ÷ floor |',
    '| --- | --- | --- | --- | --- | --- |',
    ...stacks.map((stack, index) => {
      const s = summaries[index] ?? floor;
      return `| ${stack.id} | ${s.rps.toFixed(0)} | ${s.p99.toFixed(2)} | ${s.cpuUs.toFixed(1)} | ${ratio(s.rps, floor.rps).toFixed(3)} | ${ratio(s.cpuUs, floor.cpuUs).toFixed(3)} |`;
    }),
    '',
    loopLine,
    '',
    `after ÷ before: req/s ${ratio(after.rps, before.rps).toFixed(3)}×, CPU per request ${ratio(after.cpuUs, before.cpuUs).toFixed(3)}×, p99 ${ratio(after.p99, before.p99).toFixed(3)}×`,
    '',
  ];
  const suffix = framework === 'hono' ? '' : `-${framework}`;
  const out = join(BENCH_DIR, 'results', `compare-${sha}-${head}${suffix}.json`);
  mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ ref: sha, head, framework, store, rounds, seconds, results, summary: lines }, null, 2)}\n`,
  );
  process.stdout.write(lines.join('\n'));
} finally {
  await Promise.all(targets.map((target) => target.app.stop()));
  rmSync(oldBuild, { recursive: true, force: true });
  rmSync(oldRoot, { recursive: true, force: true });
}
process.exit(0);
