/**
 * @module Loading an app: wrk where it is installed (a C client, lighter on a shared 2-core
 * machine), autocannon from npm otherwise; one result shape for both.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

/** One load: a URL hit by `connections` kept-alive connections for `seconds`. */
export interface LoadSpec {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Each request takes the next of these Cookie headers (instead of `headers.cookie`). */
  readonly cookies?: readonly string[];
  readonly connections: number;
  readonly seconds: number;
}

/** What one load measured. */
export interface LoadResult {
  readonly tool: 'wrk' | 'autocannon';
  readonly requests: number;
  readonly seconds: number;
  /** Requests answered per second, counting only 2xx and 3xx. */
  readonly rps: number;
  /** Answers that were not 2xx or 3xx (a 401 means the cookie was refused). */
  readonly bad: number;
  readonly errors: number;
  /** The app's CPU time per request served (user + system), in µs: steadier than req/s on a busy machine. */
  readonly cpuUsPerRequest?: number;
  readonly latencyMs: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  };
}

const scripts = mkdtempSync(join(tmpdir(), 'latchkey-bench-wrk-'));
let scriptCount = 0;

function luaString(value: string): string {
  return JSON.stringify(value);
}

// Prints one JSON line at the end, so nothing depends on wrk's human-readable report.
function wrkScript(spec: LoadSpec): string {
  const lines = [`wrk.method = ${luaString(spec.method ?? 'GET')}`];
  if (spec.body !== undefined) lines.push(`wrk.body = ${luaString(spec.body)}`);
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`);
  }
  if (spec.cookies && spec.cookies.length > 0) {
    lines.push(`local cookies = {${spec.cookies.map(luaString).join(',')}}`);
    lines.push('local n = 0');
    lines.push('request = function()');
    lines.push('  n = n % #cookies + 1');
    lines.push('  wrk.headers["Cookie"] = cookies[n]');
    lines.push('  return wrk.format()');
    lines.push('end');
  }
  lines.push(
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format(\'{"requests":%d,"duration":%d,"status":%d,"errors":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d}\\n\',',
    '    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,',
    '    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))',
    'end',
  );
  return lines.join('\n');
}

function runWrk(wrk: string, spec: LoadSpec): Promise<LoadResult> {
  const script = join(scripts, `load-${++scriptCount}.lua`);
  writeFileSync(script, wrkScript(spec));
  const args = [
    '-t1',
    `-c${spec.connections}`,
    `-d${spec.seconds}s`,
    '--timeout',
    '10s',
    '-s',
    script,
    spec.url,
  ];
  return new Promise((resolve, reject) => {
    execFile(wrk, args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`wrk failed: ${stderr || error.message}`));
      const line = stdout.split('\n').find((text) => text.startsWith('{"requests"'));
      if (!line) return reject(new Error(`wrk printed no summary: ${stdout}`));
      const raw = JSON.parse(line) as Record<string, number>;
      const seconds = (raw.duration ?? 1) / 1e6;
      const requests = raw.requests ?? 0;
      const bad = raw.status ?? 0;
      const ms = (us: number | undefined) => (us ?? 0) / 1000;
      resolve({
        tool: 'wrk',
        requests,
        seconds,
        rps: (requests - bad) / seconds,
        bad,
        errors: raw.errors ?? 0,
        latencyMs: { p50: ms(raw.p50), p90: ms(raw.p90), p99: ms(raw.p99), max: ms(raw.max) },
      });
    });
  });
}

async function runAutocannon(spec: LoadSpec): Promise<LoadResult> {
  const cookies = spec.cookies ?? [];
  let next = 0;
  const result = await autocannon({
    url: spec.url,
    method: spec.method ?? 'GET',
    headers: { ...spec.headers },
    ...(spec.body === undefined ? {} : { body: spec.body }),
    connections: spec.connections,
    duration: spec.seconds,
    ...(cookies.length > 0
      ? {
          requests: [
            {
              setupRequest: (request: { headers?: Record<string, string> }) => {
                next = (next + 1) % cookies.length;
                request.headers = { ...request.headers, cookie: cookies[next] ?? '' };
                return request;
              },
            },
          ],
        }
      : {}),
  } as autocannon.Options);
  const bad = result.non2xx - (result['3xx'] ?? 0);
  return {
    tool: 'autocannon',
    requests: result.requests.total,
    seconds: result.duration,
    rps: (result.requests.total - bad) / result.duration,
    bad,
    errors: result.errors + result.timeouts,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
  };
}

/**
 * Loads one URL and reports what it served.
 *
 * @example const result = await load(wrk, { url: `${base}/profile`, connections: 50, seconds: 10 });
 */
export function load(wrk: string | null, spec: LoadSpec): Promise<LoadResult> {
  return wrk ? runWrk(wrk, spec) : runAutocannon(spec);
}
