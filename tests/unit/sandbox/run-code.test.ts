/**
 * The code cell's sandbox (issue #27) in Node: the same QuickJS WebAssembly build the page's
 * worker loads. Results come back right; hostile code finds nothing of the host; runaway code is
 * stopped with a plain message; the same code and seed give the same output.
 */
import { describe, expect, it } from 'vitest';
import { inputsToJson, librariesFor, runCode, type RunCodeOptions, type RunCodeResult } from '@/lib/sandbox/run-code';

const rows = [
  { grade: 'II', patient: 'P1', days: 10 },
  { grade: 'II', patient: 'P2', days: 30 },
  { grade: 'IV', patient: 'P3', days: 50 },
  { grade: 'IV', patient: 'P4', days: 70 },
  { grade: 'IV', patient: 'P5', days: 90 },
];

const run = (code: string, extra: Partial<RunCodeOptions> = {}) => runCode({ code, inputs: { rows }, seed: 7, timeLimitMs: 2000, ...extra });

function ok<K extends Exclude<RunCodeResult['kind'], 'error'>>(r: RunCodeResult, kind: K): Extract<RunCodeResult, { kind: K }> {
  if (r.kind === 'error') throw new Error(`expected ${kind}, got error: ${r.error.type}: ${r.error.message}`);
  expect(r.kind).toBe(kind);
  return r as Extract<RunCodeResult, { kind: K }>;
}
function err(r: RunCodeResult) {
  if (r.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(r).slice(0, 300)}`);
  return r.error;
}

describe('results', () => {
  it('a value', async () => {
    const r = ok(await run('return { n: rows.length, total: rows.reduce((s, r) => s + r.days, 0), nan: NaN, when: new Date(Date.UTC(2020, 0, 2)) };'), 'value');
    expect(r.value).toEqual({ n: 5, total: 250, nan: null, when: '2020-01-02T00:00:00.000Z' });
  });

  it('an arquero table: groupby/rollup over the input records', async () => {
    const r = ok(await run(`return aq.from(rows).groupby('grade').rollup({ n: op.count(), mean_days: op.mean('days') }).orderby('grade');`), 'table');
    expect(r.columns).toEqual(['grade', 'n', 'mean_days']);
    expect(r.rows).toEqual([
      ['II', 2, 20],
      ['IV', 3, 70],
    ]);
  });

  it('an array of records is a table (columns in first-seen order)', async () => {
    const r = ok(await run(`return [{ a: 1, b: 'x' }, { b: 'y', c: true }];`), 'table');
    expect(r.columns).toEqual(['a', 'b', 'c']);
    expect(r.rows).toEqual([
      [1, 'x', null],
      [null, 'y', true],
    ]);
  });

  it('an Observable Plot figure comes back as sanitized SVG with its marks', async () => {
    const r = ok(await run(`return Plot.plot({ width: 400, height: 200, marks: [Plot.dot(rows, { x: 'days', y: 'grade' }), Plot.ruleX([0])] });`), 'figure');
    expect(r.tree.t).toBe('svg');
    expect(r.svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(r.svg).toContain('width="400"');
    expect((r.svg.match(/<circle/g) ?? []).length).toBe(5);
    expect(r.svg).not.toMatch(/<style|<script|on\w+=/i);
    // Plot's own output has nothing to remove (its scoped <style> is dropped inside the sandbox).
    expect(r.removed).toEqual([]);
  });

  it('console lines come back with the result', async () => {
    const r = ok(await run(`console.log('rows', rows.length, { a: 1 }); return 1;`), 'value');
    expect(r.logs).toEqual(['rows 5 {"a":1}']);
  });

  it('inputs with names that are not identifiers are read from `inputs`', async () => {
    const r = ok(await runCode({ code: `return [inputs['my-table'].length, typeof rows];`, inputs: { 'my-table': [1, 2, 3] }, seed: 1 }), 'value');
    expect(r.value).toEqual([3, 'undefined']);
  });

  it('an async function body is awaited', async () => {
    const r = ok(await run(`return Promise.resolve(41).then((x) => x + 1);`), 'value');
    expect(r.value).toBe(42);
  });

  it('inputs are JSON copies: typed arrays, maps, sets, non-finite numbers, bigints', () => {
    expect(JSON.parse(inputsToJson({ a: new Float64Array([1, NaN]), m: new Map([['k', 1]]), s: new Set([2]), x: Infinity, b: 10n }))).toEqual({ a: [1, null], m: { k: 1 }, s: [2], x: null, b: '10' });
  });

  it('loads only the libraries the code names', () => {
    expect(librariesFor('return 1')).toEqual([]);
    expect(librariesFor('aq.from(x)')).toEqual(['arquero']);
    expect(librariesFor('Plot.plot({})')).toEqual(['plot']);
  });
});

describe('hostile code finds nothing of the host', () => {
  it('no network, workers, module loading, Node or timers', async () => {
    const r = ok(
      await run(`return ['fetch', 'XMLHttpRequest', 'WebSocket', 'importScripts', 'require', 'process', 'setTimeout', 'setInterval', 'Worker', 'indexedDB', 'localStorage', 'caches', 'navigator', 'location', 'self', 'window', 'Deno', 'Bun', 'std', 'os', 'WebAssembly', 'Atomics', 'performance'].filter((n) => typeof globalThis[n] !== 'undefined');`),
      'value',
    );
    expect(r.value).toEqual([]);
  });

  it('fetch and XMLHttpRequest throw ReferenceErrors', async () => {
    expect(err(await run(`return fetch('http://example.com/');`)).message).toMatch(/ReferenceError.*fetch/);
    expect(err(await run(`return new XMLHttpRequest();`)).message).toMatch(/ReferenceError.*XMLHttpRequest/);
    expect(err(await run(`return new WebSocket('ws://x');`)).message).toMatch(/ReferenceError.*WebSocket/);
    expect(err(await run(`importScripts('http://x/a.js');`)).message).toMatch(/ReferenceError.*importScripts/);
    expect(err(await run(`return require('fs');`)).message).toMatch(/ReferenceError.*require/);
    expect(err(await run(`return process.env;`)).message).toMatch(/ReferenceError.*process/);
  });

  it("import('http://x') is refused (no module loader)", async () => {
    const e = err(await run(`return import('http://x/evil.js');`));
    expect(e.message).toMatch(/could not load module/);
  });

  it('constructor tricks reach only the sandbox', async () => {
    const r = ok(
      await run(`
        const F = globalThis.constructor.constructor;
        const g = F('return this')();
        const viaProto = ({}).constructor.constructor('return typeof process + typeof fetch + typeof require')();
        return [g === globalThis, viaProto, Object.getOwnPropertyNames(g).filter((n) => /fetch|process|require|XMLHttp|import/i.test(n))];`),
      'value',
    );
    expect(r.value).toEqual([true, 'undefinedundefinedundefined', []]);
  });

  it('prototype pollution stays inside', async () => {
    ok(await run(`Object.prototype.polluted = 1; Array.prototype.map = null; JSON.parse = () => 'pwned'; return 1;`), 'value');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(typeof [].map).toBe('function');
    expect(JSON.parse('2')).toBe(2);
    // And in the next run, which has its own engine.
    const r = ok(await run(`return [({}).polluted, typeof [].map];`), 'value');
    expect(r.value).toEqual([null, 'function']);
  });

  it('a polluted result cannot smuggle functions or getters out', async () => {
    const r = ok(await run(`return { toJSON() { return { fine: true }; }, f() {} };`), 'value');
    expect(r.value).toEqual({ fine: true });
  });
});

describe('limits: stopped with a plain message, never a crash', () => {
  it('while(true){} is stopped by the time limit', async () => {
    const t = Date.now();
    const e = err(await run('while (true) {}', { timeLimitMs: 500 }));
    expect(e.type).toBe('timeout');
    expect(e.message).toMatch(/^Stopped after 0\.5 s/);
    expect(Date.now() - t).toBeLessThan(10_000);
  });

  it('a huge allocation is stopped by the memory limit', async () => {
    for (const code of [`return 'x'.repeat(1 << 28).length;`, `return new ArrayBuffer(1 << 30).byteLength;`, `const a = []; for (;;) a.push(new Float64Array(1 << 20));`]) {
      const e = err(await run(code, { memoryLimitBytes: 64 * 1024 * 1024, timeLimitMs: 20_000 }));
      expect(e.type, code).toBe('memory');
      expect(e.message).toMatch(/out of memory.*64 MiB/);
    }
  });

  it('an endless chain of promise jobs is stopped by the time limit; a promise that never settles is named', async () => {
    expect(err(await run('const f = () => Promise.resolve().then(f); f(); return new Promise(() => {});', { timeLimitMs: 300 })).type).toBe('timeout');
    expect(err(await run('return new Promise(() => {});')).message).toMatch(/never settles/);
  });

  it('deep recursion is stopped by the stack limit', async () => {
    const e = err(await run(`function f(n) { return f(n + 1) + 1; } return f(0);`));
    expect(e.type).toBe('stack');
    expect(e.message).toMatch(/too deep a recursion/);
  });

  it('the engine works again after each of them', async () => {
    expect(ok(await run('return 2 + 2;'), 'value').value).toBe(4);
  });

  it('a cancelled run stops', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 0);
    const started = run('while (true) {}', { timeLimitMs: 30_000, signal: controller.signal });
    controller.abort();
    expect(err(await started).type).toBe('cancelled');
  });
});

describe('errors point at the line and column', () => {
  it('a syntax error', async () => {
    const e = err(await run('const x = 1;\nlet y = (2 + ;\n'));
    expect(e.type).toBe('syntax');
    expect([e.line, e.column]).toEqual([2, 14]);
    expect(e.message).toMatch(/^Syntax error \(line 2:14\)/);
  });

  it('a runtime error', async () => {
    const e = err(await run('const a = 1;\n\nnull.field;'));
    expect(e.type).toBe('runtime');
    expect(e.message).toMatch(/^TypeError \(line 3:\d+\): cannot read property 'field' of null/);
    expect(e.line).toBe(3);
  });

  it('a thrown non-error', async () => {
    expect(err(await run(`throw 'plain text';`)).message).toMatch(/plain text/);
  });
});

describe('determinism', () => {
  const code = `return { r: [Math.random(), Math.random()], now: Date.now(), d: new Date().toISOString(), local: new Date(2020, 5, 1, 12).toISOString(), tz: new Date(0).getTimezoneOffset(), sample: aq.from(rows).sample(2).array('patient') };`;
  it('same code and seed give identical output; another seed gives other numbers', async () => {
    const a = ok(await run(code, { seed: 11 }), 'value');
    const b = ok(await run(code, { seed: 11 }), 'value');
    const c = ok(await run(code, { seed: 12 }), 'value');
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect((a.value as { r: number[] }).r).not.toEqual((c.value as { r: number[] }).r);
    expect(a.value).toMatchObject({ now: 0, d: '1970-01-01T00:00:00.000Z', local: '2020-06-01T12:00:00.000Z', tz: 0 });
  });

  it('a Plot figure is identical on two runs', async () => {
    const plot = `return Plot.plot({ marks: [Plot.dot(rows, { x: 'days', y: 'grade', fill: 'grade' })] });`;
    const a = ok(await run(plot), 'figure');
    const b = ok(await run(plot), 'figure');
    expect(a.svg).toBe(b.svg);
  });
});
