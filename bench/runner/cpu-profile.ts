/**
 * @module Reading a V8 `.cpuprofile`: where the sampled time went, by self time, by the
 * innermost Latchkey frame on the stack (its callees included), and as folded stacks for a
 * flame graph (`flamegraph.pl`, speedscope).
 */

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

/** The JSON `node --cpu-prof` writes. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** A profile summed up. */
export interface ProfileSummary {
  /** Sampled time that was not idle, in ms. */
  readonly busyMs: number;
  /** Self time by area (Latchkey's files, Hono, Node's internals, GC…), in ms. */
  readonly byArea: Record<string, number>;
  /** Time under each innermost Latchkey function, callees included, in ms. */
  readonly byLatchkeyFrame: Record<string, number>;
  /** The heaviest functions by self time, in ms. */
  readonly topSelf: { readonly frame: string; readonly ms: number }[];
  /** `frame;frame;frame microseconds` lines. */
  readonly folded: string;
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

function shortUrl(url: string): string {
  const at = url.lastIndexOf('/node_modules/');
  if (at >= 0) return url.slice(at + '/node_modules/'.length);
  const src = url.lastIndexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  const bench = url.lastIndexOf('/bench/');
  if (bench >= 0) return url.slice(bench + 1);
  return url.replace(/^file:\/\//, '');
}

/** Where a frame's code lives, coarsely. */
export function area(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (SPECIAL.has(functionName)) return functionName;
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const short = shortUrl(url);
  if (short.startsWith('src/'))
    return `latchkey ${short.split('/').slice(1, 2).join('')}/${short.split('/').at(-1)}`;
  if (short.startsWith('bench/')) return 'bench app';
  const pkg = short.startsWith('@') ? short.split('/').slice(0, 2).join('/') : short.split('/')[0];
  return pkg ?? short;
}

function label(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  return frame.url ? `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}` : name;
}

const isLatchkey = (frame: CallFrame) => shortUrl(frame.url).startsWith('src/');
const isApp = (frame: CallFrame) => shortUrl(frame.url).startsWith('bench/');

/** Sums a profile: self time per area and function, inclusive time per innermost Latchkey frame. */
export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const byArea: Record<string, number> = {};
  const byLatchkeyFrame: Record<string, number> = {};
  const self: Record<string, number> = {};
  const folded: string[] = [];
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') continue;
    busyUs += us;
    const key = area(frame);
    byArea[key] = (byArea[key] ?? 0) + us / 1000;
    self[label(frame)] = (self[label(frame)] ?? 0) + us / 1000;
    const stack: CallFrame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const step = byId.get(at);
      if (step && step.callFrame.functionName !== '(root)') stack.push(step.callFrame);
    }
    // The first frame that is Latchkey's or the app's own: a route handler run inside the
    // middleware's next() is the app's time, not the middleware's.
    const innermost = stack.find((step) => isLatchkey(step) || isApp(step));
    if (innermost && isLatchkey(innermost))
      byLatchkeyFrame[label(innermost)] = (byLatchkeyFrame[label(innermost)] ?? 0) + us / 1000;
    folded.push(`${stack.reverse().map(label).join(';').replace(/\s+/g, '_')} ${us}`);
  }
  const topSelf = Object.entries(self)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 30)
    .map(([frame, ms]) => ({ frame, ms }));
  return {
    busyMs: busyUs / 1000,
    byArea,
    byLatchkeyFrame,
    topSelf,
    folded: `${folded.join('\n')}\n`,
  };
}
