import { readFileSync } from 'node:fs';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's self time goes: a package, a node: module, a file of ours, GC, or native code. */
function bucketOf(functionName: string, url: string): string {
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)' || functionName === '(program)') return functionName;
  if (!url) return `native:${functionName || '?'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const ours = /\/dist\/(.+)$/.exec(url);
  return ours ? `satisfy:${ours[1]}` : url;
}

/**
 * Time by bucket of a .cpuprofile, busiest first (idle left out), optionally only its first
 * `untilMs`. `self`: the sampled frame's own bucket. `nearest`: the nearest frame on the stack
 * that is a package or a file of ours, so loading and compiling modules (node:internal/modules)
 * is charged to the code whose import asked for them.
 */
export function profileBuckets(file: string, untilMs = Infinity, by: 'self' | 'nearest' = 'self'): { busyMs: number; rows: { bucket: string; ms: number; share: number }[] } {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const nearest = (id: number): string => {
    const leaf = byId.get(id)!.callFrame;
    const own = bucketOf(leaf.functionName, leaf.url);
    if (own === 'GC' || own.startsWith('(')) return own;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url } = byId.get(at)!.callFrame;
      const b = bucketOf(functionName, url);
      if (!b.startsWith('node:') && !b.startsWith('native:') && !b.startsWith('(')) return b;
    }
    return own;
  };
  const totals = new Map<string, number>();
  let at = 0;
  for (let i = 0; i < p.samples.length; i++) {
    at += (p.timeDeltas[i] ?? 0) / 1000;
    if (at > untilMs) break;
    const frame = byId.get(p.samples[i]!)!.callFrame;
    const bucket = by === 'self' ? bucketOf(frame.functionName, frame.url) : nearest(p.samples[i]!);
    totals.set(bucket, (totals.get(bucket) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  }
  totals.delete('(idle)');
  const busyMs = [...totals.values()].reduce((a, b) => a + b, 0);
  const rows = [...totals].map(([bucket, ms]) => ({ bucket, ms, share: ms / busyMs })).sort((a, b) => b.ms - a.ms);
  return { busyMs, rows };
}
