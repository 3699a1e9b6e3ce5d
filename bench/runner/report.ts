/**
 * @module docs/benchmarks.md from one run's results: every measure as a ratio to a baseline
 * from the same run, with its target, and a closing list of targets met or missed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from './results.js';
import { BENCH_DIR } from './stacks.js';
import { median, ratio, type Summary, summarize } from './stats.js';

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const times = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–');
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** A target and whether this run met it. */
interface Verdict {
  readonly target: string;
  readonly figure: string;
  readonly met: boolean | null;
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** The Latchkey stack each comparison with the peers is made from. */
const HEADLINE = 'latchkey-hono-sqlite';
const PEER_TARGETS: Record<string, number> = {
  'passport-memory': 5,
  'passport-redis': 5,
  'better-auth': 10,
  'better-auth-cookie-cache': 10,
  'flask-login': 20,
  'flask-login-sqlalchemy': 20,
};

export function renderReport(results: BenchResults, jsonPath: string): string {
  const label = (id: string) => results.stacks.find((stack) => stack.id === id)?.label ?? id;
  const stackOf = (id: string) => results.stacks.find((stack) => stack.id === id);
  const profile: Record<string, Summary> = Object.fromEntries(
    Object.entries(results.profile).map(([id, runs]) => [id, summarize(runs)]),
  );
  const verdicts: Verdict[] = [];
  const out: string[] = [];
  const { machine, config } = results;

  out.push(
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (bench/runner/report.ts); edit bench/notes.md instead. -->',
    '',
    // The one-minute load average before the run starts: under one per core, nothing else ran.
    `Measured on a **shared ${machine.cores}-core machine** (` +
      ((machine.loadAverageAtStart[0] ?? 0) < machine.cores
        ? 'quiet when the run started'
        : 'other work was running beside it') +
      `: load average ${machine.loadAverageAtStart.map(f1).join(' / ')} at the start, ` +
      `${machine.loadAverageAtEnd.map(f1).join(' / ')} at the end; the run's own apps and load ` +
      'generator count in it), so absolute numbers are noisy. Every figure that counts is a ' +
      'ratio to a baseline measured in the same run, with the stacks interleaved round by round, ' +
      'so a busy neighbour slows them alike.',
    '',
    `- Run: ${results.startedAt}, ${f0(results.durationSeconds)} s, commit \`${results.commit}\`, ` +
      `raw runs in \`${jsonPath}\`.`,
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Linux ` +
      `${machine.kernel}, Node ${machine.node}.`,
    `- Load: ${results.tool}, one thread, kept-alive connections on 127.0.0.1; each app is a ` +
      'single Node process (gunicorn: 2 workers), started with `NODE_ENV=production`.',
    `- Exact commands: \`npm run bench\` (this page); \`npm run bench:quick\` (a minute, ` +
      'bench/results/quick-latest.md); each load is `wrk -t1 -c<connections> -d<seconds>s ' +
      '--timeout 10s -s <script>.lua <url>`, the script setting the method, form body and ' +
      "headers (`Cookie`, `User-Agent: latchkey-bench`) and printing wrk's summary as JSON.",
    '',
    table(
      ['package', 'version'],
      [
        ...Object.entries(results.versions).map(([pkg, version]) => [pkg, version]),
        ['gunicorn (Debian)', results.python.gunicorn],
        ['Flask, Flask-Login (Debian)', results.python.flaskLogin],
        ['Flask-SQLAlchemy, SQLAlchemy (Debian)', results.python.flaskSqlalchemy ?? 'not run'],
      ],
    ),
    '',
  );

  out.push(
    '## The stacks',
    '',
    'Each app serves `GET /hello`, `GET /profile` (login required; a ~100-byte page naming the ' +
      'user, escaped) and `POST /login` (form `email`, `password`, `remember`; 302 + Set-Cookie, ' +
      'or 401) for one seeded user. Floors check a cookie signed with one synchronous ' +
      'HMAC-SHA256 and hold no session at all: the least a login-protected page can cost on ' +
      'that framework. Latchkey runs with every option at its default (session protection ' +
      '`basic`, caches on).',
    '',
    table(
      ['stack', 'sessions in', 'password hash', 'contract'],
      results.stacks.map((stack) => {
        const check = results.contract[stack.id];
        return [
          stack.label,
          stack.store,
          stack.hash,
          !check
            ? 'not run'
            : check.problems.length === 0
              ? `kept (${check.profileBytes}-byte page)`
              : `broken: ${check.problems.join('; ')}`,
        ];
      }),
    ),
    '',
  );

  // /profile against the floor of the same framework.
  out.push(
    `## /profile, 50 connections (median of ${config.profile.rounds} × ${config.profile.seconds} s)`,
    '',
  );
  out.push(
    '"CPU µs/req" is the app\'s own CPU time (user + system, from /proc) per request served. On a ' +
      "dedicated core a single-process app's throughput is about 1 / that, so the CPU ratio is " +
      'what the req/s ratio would be without neighbours; req/s ratios here also carry how the ' +
      'scheduler shared two busy cores among many processes. The target is against the bare ' +
      'floor; "two-middleware floor" is the same HMAC check written as an app-wide middleware ' +
      "plus a guard middleware, Latchkey's shape, to show what the framework charges for that " +
      'shape by itself (Hono and Express; Fastify runs hooks, not router layers).',
    '',
  );
  const floorOf = (id: string) => `floor-${stackOf(id)?.framework}`;
  out.push(
    table(
      [
        'stack',
        'req/s',
        'p50 ms',
        'p99 ms',
        'CPU µs/req',
        'req/s ÷ floor',
        'p99 ÷ floor',
        'CPU ÷ floor',
        'CPU ÷ two-middleware floor',
        'target',
      ],
      Object.entries(profile).map(([id, summary]) => {
        const floor = profile[floorOf(id)];
        // The same check shaped as Latchkey is (app-wide middleware + guard), where there is one.
        const shaped = profile[`${floorOf(id)}-middleware`];
        const family = stackOf(id)?.family;
        const share = floor ? ratio(summary.rps, floor.rps) : Number.NaN;
        const cpu = floor ? ratio(summary.cpuUs, floor.cpuUs) : Number.NaN;
        if (family === 'latchkey') {
          verdicts.push({
            target: `${label(id)}: /profile ≥ 0.9× its floor`,
            figure: `${times(share)} req/s (CPU per request ${times(cpu)} the floor's)`,
            met: Number.isFinite(share) ? share >= 0.9 : null,
          });
        }
        return [
          label(id),
          f0(summary.rps),
          f2(summary.p50),
          f2(summary.p99),
          f1(summary.cpuUs),
          family === 'peer' ? '' : times(share),
          family === 'peer' || !floor ? '' : times(ratio(summary.p99, floor.p99)),
          family === 'peer' ? '' : times(cpu),
          family === 'latchkey' && shaped ? times(ratio(summary.cpuUs, shaped.cpuUs)) : '',
          family === 'latchkey' ? '≥ 0.90×' : '',
        ];
      }),
    ),
    '',
  );

  // Against each peer.
  const headline = profile[HEADLINE];
  const comparisons: [string, string][] = [
    ...Object.keys(PEER_TARGETS).map((peer) => [HEADLINE, peer] as [string, string]),
    ['latchkey-express-memory', 'passport-memory'],
    ['latchkey-express-redis', 'passport-redis'],
  ];
  out.push(
    '## /profile against the peers',
    '',
    `Rows after the first group compare on the same framework and store kind.`,
    '',
  );
  const peerRows: string[][] = [];
  for (const [ours, peer] of comparisons) {
    const a = profile[ours];
    const b = profile[peer];
    if (!a || !b) continue;
    const share = ratio(a.rps, b.rps);
    const target = PEER_TARGETS[peer];
    if (ours === HEADLINE && target !== undefined) {
      verdicts.push({
        target: `/profile ≥ ${target}× ${label(peer)}`,
        figure: times(share),
        met: share >= target,
      });
    }
    peerRows.push([
      label(ours),
      label(peer),
      times(share),
      times(ratio(a.p99, b.p99)),
      times(ratio(b.cpuUs, a.cpuUs)),
      ours === HEADLINE && target ? `≥ ${target}×` : '',
    ]);
  }
  out.push(
    table(
      ['Latchkey stack', 'peer', 'req/s ÷ peer', 'p99 ÷ peer', 'peer CPU ÷ ours', 'target'],
      peerRows,
    ),
    '',
  );
  if (!headline) out.push(`(${HEADLINE} did not run, so there is no headline comparison.)`, '');

  // Logins against the hash bound.
  const hashRate = results.hashRate ?? {};
  const measuredBound = (kind: string) => median((hashRate[kind] ?? []).map((run) => run.rate));
  const naiveBound = (kind: string) => {
    const ms = results.hashMs[kind] ?? null;
    return ms ? (machine.cores * 1000) / ms : Number.NaN;
  };
  // Older result files have no measured bound: fall back to cores × 1 / one check alone.
  const boundOf = (kind: string) =>
    Number.isFinite(measuredBound(kind)) ? measuredBound(kind) : naiveBound(kind);
  out.push(
    `## Logins against the hash bound (8 connections, median of ${config.logins.rounds} × ${config.logins.seconds} s)`,
    '',
    `The bound is what the password hash alone does on this machine: ${machine.cores} raw ` +
      `checks kept in flight at once (one per core) for ${config.logins.seconds} s, in a process ` +
      'of its own, taken in the same rounds as the logins, interleaved with them, so the same ' +
      'neighbours slow both. For argon2id each of those lanes is a worker thread running the ' +
      "binding's synchronous check back to back: no event loop between one check and the next, " +
      'the most two cores give. "logins ÷ bound" is then the share of the raw hash rate a stack ' +
      "turns into logins: what its login handling loses. argon2id runs at OWASP's parameters " +
      "(19 MiB, t=2, p=1); bcrypt at cost 10; better-auth's scrypt at its defaults (N=16384, " +
      "r=16; JavaScript on the main thread, so its checks share one core); werkzeug's default " +
      'pbkdf2 (one python3 process per core, as gunicorn runs it).',
    '',
    'The earlier bound, cores × 1 / (one check timed alone, before the apps start), is kept ' +
      'beside it: it assumes that checks running side by side on every core each take as long ' +
      'as one check alone (no shared memory bandwidth: argon2id touches 19 MiB per check; no ' +
      'sibling hyperthreads; no neighbour that came or went). The two columns show whether ' +
      'that held here.',
    '',
    table(
      ['hash', 'one check alone, ms', 'cores × 1 / that, /s', 'measured bound, checks/s'],
      Object.entries(results.hashMs).map(([kind, ms]) => [
        kind,
        ms === null ? 'not measured' : f1(ms),
        f1(naiveBound(kind)),
        hashRate[kind] ? f1(measuredBound(kind)) : 'not measured',
      ]),
    ),
    '',
  );
  out.push(
    table(
      [
        'stack',
        'logins/s',
        'hash bound /s',
        'logins ÷ bound',
        'logins ÷ cores × 1 / one check',
        'logins ÷ Hono floor',
        'refused',
        'target',
      ],
      Object.entries(results.logins).map(([id, runs]) => {
        const floorRuns = results.logins['floor-hono'] ?? [];
        const floorRate = median(floorRuns.map((run) => run.rps));
        const kind = stackOf(id)?.hash ?? '';
        const bound = boundOf(kind);
        const rate = median(runs.map((run) => run.rps));
        const share = ratio(rate, bound);
        const latchkey = stackOf(id)?.family === 'latchkey';
        if (latchkey)
          verdicts.push({
            target: `${label(id)}: logins ≥ 0.9× the hash bound`,
            figure: `${times(share)} of ${f1(bound)} checks/s measured (${times(ratio(rate, naiveBound(kind)))} of cores × 1 / one check; ${times(ratio(rate, floorRate))} the Hono floor's raw argon2id logins)`,
            met: Number.isFinite(share) ? share >= 0.9 : null,
          });
        return [
          label(id),
          f1(rate),
          f1(bound),
          times(share),
          times(ratio(rate, naiveBound(kind))),
          times(ratio(rate, floorRate)),
          String(runs.reduce((n, run) => n + run.bad, 0)),
          latchkey ? '≥ 0.90×' : '',
        ];
      }),
    ),
    '',
  );

  // The storm.
  const storm = Object.fromEntries(
    Object.entries(results.storm).map(([id, runs]) => [
      id,
      {
        profile: summarize(runs.map((run) => run.profile)),
        logins: median(runs.map((run) => run.logins.rps)),
      },
    ]),
  );
  out.push(
    `## /profile during a login storm (50 connections on /profile while 8 post logins; median of ${config.storm.rounds} × ${config.storm.seconds} s)`,
    '',
    table(
      ['stack', 'req/s', 'p99 ms', 'logins/s', 'req/s ÷ calm', 'p99 ÷ calm'],
      Object.entries(storm).map(([id, s]) => [
        label(id),
        f0(s.profile.rps),
        f2(s.profile.p99),
        f1(s.logins),
        times(ratio(s.profile.rps, profile[id]?.rps ?? Number.NaN)),
        times(ratio(s.profile.p99, profile[id]?.p99 ?? Number.NaN)),
      ]),
    ),
    '',
  );
  const stormRows: string[][] = [];
  for (const ours of [HEADLINE, 'latchkey-express-memory']) {
    const a = storm[ours];
    if (!a) continue;
    for (const peer of Object.keys(storm).filter((id) => stackOf(id)?.family === 'peer')) {
      const b = storm[peer];
      if (!b) continue;
      const share = ratio(a.profile.rps, b.profile.rps);
      const p99 = ratio(a.profile.p99, b.profile.p99);
      const passport = peer.startsWith('passport');
      if (passport) {
        verdicts.push({
          target: `storm: ${label(ours)} ≥ 4× Passport's /profile throughput`,
          figure: times(share),
          met: share >= 4,
        });
        verdicts.push({
          target: `storm: ${label(ours)} p99 ≤ ½ Passport's`,
          figure: times(p99),
          met: p99 <= 0.5,
        });
      }
      stormRows.push([
        label(ours),
        label(peer),
        times(share),
        times(p99),
        passport ? '≥ 4×, p99 ≤ 0.5×' : '',
      ]);
    }
  }
  out.push(
    table(['Latchkey stack', 'peer', 'req/s ÷ peer', 'p99 ÷ peer', 'target'], stormRows),
    '',
  );

  // 1k against 1M.
  if (results.sessions) {
    const { small, large, sample, loads, rss } = results.sessions;
    const s = (key: string) => summarize(loads[key] ?? []);
    out.push(
      `## /profile with ${small.toLocaleString('en')} against ${large.toLocaleString('en')} live sessions (Latchkey on Hono, SQLite)`,
      '',
      `Sessions were written straight into the SQLite file; each load cycles through ${sample} of ` +
        'them spread evenly over the store (so every request names a different session than the ' +
        `last), 50 connections, median of ${config.sessions.rounds} × ${config.sessions.seconds} s. ` +
        '"Caches off" reads the session from SQLite and loads the user on every request: the cost of the store itself.',
      '',
    );
    const rows: string[][] = [];
    for (const cache of ['on', 'off'].filter((c) => loads[`${small}-cache-${c}`])) {
      const a = s(`${small}-cache-${cache}`);
      const b = s(`${large}-cache-${cache}`);
      const share = ratio(b.rps, a.rps);
      if (cache === 'on')
        verdicts.push({
          target: `${large.toLocaleString('en')} sessions within 10 % of ${small.toLocaleString('en')}`,
          figure: `${times(share)} req/s (CPU per request ${times(ratio(b.cpuUs, a.cpuUs))})`,
          met: share >= 0.9,
        });
      rows.push([
        `caches ${cache}`,
        f0(a.rps),
        f0(b.rps),
        times(share),
        f2(a.p99),
        f2(b.p99),
        times(ratio(b.p99, a.p99)),
        `${f1(a.cpuUs)} / ${f1(b.cpuUs)} (${times(ratio(a.cpuUs, b.cpuUs))})`,
        `${mib(rss[`${small}-cache-${cache}`] ?? 0)} / ${mib(rss[`${large}-cache-${cache}`] ?? 0)}`,
        cache === 'on' ? '≥ 0.90×' : '',
      ]);
    }
    out.push(
      table(
        [
          '',
          `req/s at ${small}`,
          `req/s at ${large}`,
          'ratio',
          `p99 at ${small}`,
          `p99 at ${large}`,
          'p99 ratio',
          'CPU µs/req (small ÷ large)',
          'RSS after',
          'target',
        ],
        rows,
      ),
      '',
    );
  }

  // Memory.
  out.push('## Memory', '');
  if (results.memory) {
    out.push(
      `- Memory store: ${results.memory.sessions.toLocaleString('en')} sessions seeded in the app, ` +
        `measured after a full GC: **${mib(results.memory.rssPer100k)} RSS per 100k live sessions**, ` +
        `${f0(results.memory.heapBytesPerSession)} heap bytes per session.`,
    );
  }
  if (results.sessions) {
    const { rss, small, large } = results.sessions;
    const grow =
      ((rss[`${large}-cache-on`] ?? 0) - (rss[`${small}-cache-on`] ?? 0)) /
      ((large - small) / 100_000);
    out.push(
      `- SQLite store: the app's RSS after the load above grew by ${mib(grow)} per 100k live ` +
        'sessions in the file: sessions live on disk, and the in-process caches are bounded ' +
        '(10,000 sessions and 10,000 users by default).',
    );
  }
  out.push(
    '',
    table(
      ['store', 'bytes per session'],
      Object.entries(results.bytesPerSession).map(([store, bytes]) => [
        store,
        `${f0(bytes)}${store === 'memory' ? ' (JS heap)' : store === 'sqlite' ? ' (file, indexes included)' : store === 'postgres' ? ' (table + indexes + TOAST)' : store === 'redis' ? ' (MEMORY USAGE: record + per-user index)' : ''}`,
      ]),
    ),
    '',
  );
  const soaks: { run: NonNullable<BenchResults['soak']>; where: string }[] = [];
  if (results.soak) soaks.push({ run: results.soak, where: 'in this run' });
  // The 10-minute soak is its own command (`npm run bench:soak`); a full run shows its latest.
  const resultsDir = join(BENCH_DIR, 'results');
  const soakFile = existsSync(resultsDir)
    ? readdirSync(resultsDir)
        .filter((name) => /^soak-\d.*\.json$/.test(name))
        .sort()
        .at(-1)
    : undefined;
  if (results.mode === 'full' && soakFile) {
    const latest = JSON.parse(readFileSync(join(resultsDir, soakFile), 'utf8')) as BenchResults;
    if (latest.soak)
      soaks.push({
        run: latest.soak,
        where: `\`npm run bench:soak\`, ${latest.startedAt}, commit \`${latest.commit}\`, raw run in \`bench/results/${soakFile}\``,
      });
  }
  if (results.mode === 'full' && !soaks.some(({ run }) => run.seconds >= 600)) {
    verdicts.push({
      target: 'flat memory over the 10-minute soak at 500 connections (`npm run bench:soak`)',
      figure: 'no 10-minute soak in bench/results/',
      met: null,
    });
  }
  for (const { run, where } of soaks) {
    const { samples, connections, seconds, load } = run;
    const first = samples[0]?.rss ?? 0;
    const half = samples[Math.floor(samples.length / 2)]?.rss ?? 0;
    const last = samples.at(-1)?.rss ?? 0;
    const peak = Math.max(...samples.map((sample) => sample.rss));
    const growth = ratio(last, first);
    out.push(
      `- Soak (${where}): ${label(results.config.soak.stack)} at ${connections} connections for ${seconds} s ` +
        `(${f0(load.rps)} req/s, p99 ${f2(load.latencyMs.p99)} ms, ${load.bad + load.errors} refused or failed): ` +
        `RSS ${mib(first)} after 5 s, ${mib(half)} half-way, ${mib(last)} at the end, peak ${mib(peak)} ` +
        `(end ÷ start ${times(growth)}, end ÷ half-way ${times(ratio(last, half))}).`,
      '',
    );
    verdicts.push({
      target: `flat memory (RSS end ÷ 5 s in ≤ 1.10×) over a soak at ${connections} connections, ${seconds} s${seconds >= 600 ? '' : ' (too short to judge: the target is 10 minutes)'}`,
      figure: `end ÷ start ${times(growth)} (${mib(first)} → ${mib(last)})`,
      met: seconds >= 600 ? growth <= 1.1 : null,
    });
  }

  if (results.apiMe && results.apiMe.length > 0) {
    const rows = results.apiMe;
    const find = (word: string) => rows.find((row) => row.name.includes(word));
    const bare = find('bare');
    const page = find('/profile');
    out.push(
      '## /api/me with a bearer token beside /profile (in process, SQLite stores)',
      '',
      '`bench/api-me.bench.ts` (`npx vitest bench --run bench/api-me.bench.ts`), run by this ' +
        "command after the HTTP measures: Hono's `app.request()` with no socket, so the figures " +
        'are the handlers and the middleware alone. Both authenticated routes should cost no store ' +
        'round trip in steady state (session, token and user come from the in-process caches), so ' +
        '`/api/me` should sit close to `/profile`. Issue 11 sets no number for it; the column ' +
        'against `/profile` is the ratio to read.',
      '',
      table(
        ['route', 'requests/s', 'mean µs', 'p99 µs', 'time ÷ /profile', 'time ÷ bare route'],
        rows.map((row) => [
          row.name,
          f0(row.hz),
          f1(row.meanMs * 1000),
          f1(row.p99Ms * 1000),
          page ? times(ratio(row.meanMs, page.meanMs)) : '–',
          bare ? times(ratio(row.meanMs, bare.meanMs)) : '–',
        ]),
      ),
      '',
    );
  }

  if (results.failures.length > 0) {
    out.push(
      '## Measures that failed in this run',
      '',
      ...results.failures.map((failure) => `- ${failure}`),
      '',
    );
  }
  const notes = join(BENCH_DIR, 'notes.md');
  if (existsSync(notes)) out.push(readFileSync(notes, 'utf8').trim(), '');

  out.push(
    '## Targets',
    '',
    table(
      ['target', 'this run', 'verdict'],
      verdicts.map((verdict) => [
        verdict.target,
        verdict.figure,
        verdict.met === null ? 'not judged' : verdict.met ? 'met' : '**missed**',
      ]),
    ),
    '',
  );
  return `${out.join('\n')}\n`;
}
