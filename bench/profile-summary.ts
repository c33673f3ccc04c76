/**
 * Where the time goes in a V8 CPU profile (`node --cpu-prof`): every sample
 * is charged to the first frame, from the sampled function outwards, that
 * belongs to a known area (generation, validation, encoding, hashing, file
 * writes, garbage collection), else to "other" (startup, module loading).
 */
import { readFileSync } from 'node:fs';

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

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Area → milliseconds, largest first. */
  readonly areas: readonly { readonly area: string; readonly ms: number }[];
  /** Functions by self time, largest first. */
  readonly top: readonly { readonly fn: string; readonly ms: number }[];
}

const AREAS = {
  gc: 'garbage collection',
  validation: 'validation (checks compiled from the schemas, ajv when they say no, formats)',
  encoding: 'encoding (CSV and JSON lines into buffers)',
  hashing: 'sha256 of the files (manifest)',
  generation: 'generation (plugins, streams, ids, dates, VINs)',
  io: 'file writes (streams, fs calls)',
  other: 'other (startup, module loading, idle)',
} as const;

function areaOf(frame: CallFrame): string | undefined {
  const { functionName: fn, url } = frame;
  if (fn === '(garbage collector)') return AREAS.gc;
  // ajv's validators, and the checks engine/schema/compile-check.ts makes with new Function (named `check`, no file).
  if (/^validate\d*$/.test(fn) || /\/ajv(-formats)?\//.test(url) || (fn === 'check' && url === '') || url.includes('/engine/schema/')) return AREAS.validation;
  if (url.includes('/exporters/') || fn === 'csvLine' || fn === 'jsonLine') return AREAS.encoding;
  if ((fn === 'update' || fn === 'digest') && url.includes('crypto')) return AREAS.hashing;
  if (url.includes('/plugins/') || /\/engine\/(lib\/(uuid|random|dates)|generate\/unit-generator)\.js$/.test(url) || url.includes('/engine/parallel/batch-maker')) return AREAS.generation;
  if (fn === 'writeBuffers' || fn === 'writeBuffer' || /node:(fs|internal\/fs|internal\/streams)/.test(url) || url.includes('/engine/lib/file-sink')) return AREAS.io;
  return undefined;
}

/** Functions listed by self time. */
const TOP_FUNCTIONS = 12;

/** Summarise a .cpuprofile file. */
export function summariseProfile(path: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i] ?? 0));

  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    total += us;
    const node = byId.get(id)!;
    const cf = node.callFrame;
    const key = `${cf.functionName || '(anonymous)'} ${cf.url ? `${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber + 1}` : ''}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us);
    let area: string | undefined;
    for (let at: number | undefined = id; at !== undefined && !area; at = parent.get(at)) area = areaOf(byId.get(at)!.callFrame);
    const name = area ?? AREAS.other;
    areas.set(name, (areas.get(name) ?? 0) + us);
  }
  const ms = (us: number) => Math.round(us / 1000);
  return {
    totalMs: ms(total),
    areas: [...areas].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, ms: ms(us) })),
    top: [...fns].sort((a, b) => b[1] - a[1]).slice(0, TOP_FUNCTIONS).map(([fn, us]) => ({ fn, ms: ms(us) })),
  };
}
