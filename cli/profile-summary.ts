/**
 * Where a V8 CPU profile's time went: self time by kind (WebAssembly, JavaScript, garbage
 * collection, idle, the engine's own "(program)") and the functions with the most self time.
 * Reads the .cpuprofile files that `node --cpu-prof` and Chromium's Profiler domain write
 * (bench-browser --cpu-profile / --worker-profile), so a page worker and Node can be compared.
 *
 *   npx tsx cli/profile-summary.ts FILE.cpuprofile [FILE2 …] [--top 20] [--json]
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { runMain, UsageError } from './args';

const USAGE = 'usage: npx tsx cli/profile-summary.ts FILE.cpuprofile [FILE2 …] [--top 20] [--json]';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export type Kind = 'wasm' | 'js' | 'gc' | 'idle' | 'program';

/** The kind of a frame: V8 names its pseudo-frames in parentheses; wasm frames carry a wasm url or a wasm-function name. */
export function kindOf(frame: ProfileNode['callFrame']): Kind {
  const name = frame.functionName;
  if (name === '(garbage collector)') return 'gc';
  if (name === '(idle)') return 'idle';
  if (name === '(program)' || name === '(root)') return 'program';
  if (/\.wasm\b|^wasm:\/\//.test(frame.url) || /^(wasm-function|\$)/.test(name) || frame.url === '' && /^js-to-wasm|^wasm-to-js/.test(name)) return 'wasm';
  return 'js';
}

export interface ProfileSummary {
  file: string;
  /** Wall time the profile covers (first to last sample), ms. */
  spanMs: number;
  /** Self time by kind, ms. */
  byKind: Record<Kind, number>;
  top: { name: string; where: string; kind: Kind; ms: number; share: number }[];
}

export function summarize(profile: CpuProfile, file: string, top: number): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  // timeDeltas[i] is the time before sample i; the time a sample stands for is the next delta.
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + dt);
  }
  const byKind: Record<Kind, number> = { wasm: 0, js: 0, gc: 0, idle: 0, program: 0 };
  const byFunction = new Map<string, { name: string; where: string; kind: Kind; ms: number }>();
  for (const [id, ms] of self) {
    const frame = byId.get(id)!.callFrame;
    const kind = kindOf(frame);
    byKind[kind] += ms;
    const where = frame.url ? `${basename(frame.url.split('?')[0]!)}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName}|${where}`;
    const entry = byFunction.get(key) ?? { name: frame.functionName || '(anonymous)', where, kind, ms: 0 };
    entry.ms += ms;
    byFunction.set(key, entry);
  }
  const busy = byKind.wasm + byKind.js + byKind.gc + byKind.program;
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    file,
    spanMs: round((profile.endTime - profile.startTime) / 1000),
    byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, round(v)])) as Record<Kind, number>,
    top: [...byFunction.values()]
      .filter((f) => f.kind !== 'idle')
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((f) => ({ ...f, ms: round(f.ms), share: round((100 * f.ms) / Math.max(busy, 1e-9)) })),
  };
}

async function main(): Promise<number> {
  const { values, positionals } = (() => {
    try {
      return parseArgs({ args: process.argv.slice(2), options: { top: { type: 'string', default: '20' }, json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  })();
  if (positionals.length === 0) throw new UsageError('give at least one .cpuprofile file');
  const top = Number(values.top);
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top must be a positive whole number, got "${values.top}"`);
  for (const file of positionals) {
    let profile: CpuProfile;
    try {
      profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
    }
    if (!Array.isArray(profile.nodes) || !Array.isArray(profile.samples)) throw new UsageError(`${file} is not a V8 CPU profile (no nodes or samples)`);
    const s = summarize(profile, file, top);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(s)}\n`);
      continue;
    }
    const busy = s.byKind.wasm + s.byKind.js + s.byKind.gc + s.byKind.program;
    process.stdout.write(`\n${file}: ${s.spanMs} ms sampled, busy ${busy.toFixed(0)} ms\n`);
    process.stdout.write(`  by kind (ms): ${Object.entries(s.byKind).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    for (const f of s.top) process.stdout.write(`  ${f.ms.toFixed(1).padStart(9)} ms ${f.share.toFixed(1).padStart(5)}%  ${f.kind.padEnd(4)} ${f.name} ${f.where}\n`);
  }
  return 0;
}

if (process.argv[1] && /profile-summary\.ts$/.test(process.argv[1])) void runMain(USAGE, main);
