/**
 * The script the QuickJS sandbox evaluates first, before the libraries and the user's code.
 * It runs only inside QuickJS (the host never evaluates it) and makes the sandbox deterministic:
 *
 * - `Math.random` is a seeded generator (sfc32, its state from splitmix32 of the cell's seed):
 *   the same code and seed give the same numbers in the page and the CLI.
 * - There is no clock: `Date.now()` and `new Date()` give FIXED_TIME_MS (1970-01-01T00:00:00Z),
 *   so nothing can time anything (no timing channel) and outputs do not depend on when they ran.
 * - Local time is UTC: QuickJS takes the time zone from the host, so the local getters and
 *   setters, `getTimezoneOffset`, `new Date(y, m, …)` and ISO date-times without a zone are
 *   made UTC (the same result on a laptop in Tokyo and a CI runner in UTC).
 * - `console.log/info/warn/error` collect lines (at most MAX_LOG_LINES, each cut at
 *   MAX_LOG_LINE_CHARS) that the host reads back as plain strings.
 *
 * The script's value is an object of two functions the host keeps handles to (the user's code
 * cannot replace them, though it can change any global they use: the host validates all that
 * comes back as untrusted):
 * - `finish(result)`: the result as one JSON text, `{ kind: 'value' | 'table' | 'figure', … }`.
 * - `describeError(error)`: a thrown value as JSON `{ name, message, stack }`, never throwing.
 */
export const FIXED_TIME_MS = 0;
export const MAX_LOG_LINES = 200;
export const MAX_LOG_LINE_CHARS = 2000;

export function preludeSource(seed: number): string {
  const s = Number.isFinite(seed) ? Math.trunc(seed) >>> 0 : 0;
  return `(function (seed, fixedTime) {
  'use strict';
  // JSON as it was before the user's code ran: code that replaces JSON.stringify must not turn
  // its result or its error into a misleading message (the host still checks all that returns).
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  // --- Math.random: sfc32 seeded with splitmix32(seed) ---
  let sm = seed >>> 0;
  const splitmix = () => {
    sm = (sm + 0x9e3779b9) | 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix(), b = splitmix(), c = splitmix(), d = splitmix();
  const random = function random() {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  Object.defineProperty(Math, 'random', { value: random, writable: true, configurable: true });

  // --- Date: no clock, and local time is UTC ---
  const RealDate = Date;
  const P = RealDate.prototype;
  const zoneless = /^(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)$/;
  const utcText = (v) => (typeof v === 'string' && zoneless.test(v.trim()) ? v.trim().replace(' ', 'T') + 'Z' : v);
  function SandboxDate(...args) {
    if (!new.target) return new RealDate(fixedTime).toUTCString();
    if (args.length === 0) return Reflect.construct(RealDate, [fixedTime], new.target);
    if (args.length === 1) return Reflect.construct(RealDate, [utcText(args[0])], new.target);
    return Reflect.construct(RealDate, [RealDate.UTC(...args)], new.target);
  }
  SandboxDate.prototype = P;
  Object.defineProperty(P, 'constructor', { value: SandboxDate, writable: true, configurable: true });
  SandboxDate.now = () => fixedTime;
  SandboxDate.UTC = RealDate.UTC;
  SandboxDate.parse = (v) => RealDate.parse(utcText(v));
  for (const n of ['FullYear', 'Month', 'Date', 'Day', 'Hours', 'Minutes', 'Seconds', 'Milliseconds']) {
    P['get' + n] = P['getUTC' + n];
    if (n !== 'Day') P['set' + n] = P['setUTC' + n];
  }
  P.getTimezoneOffset = function () { return 0; };
  P.toString = P.toUTCString;
  P.toDateString = function () { return this.toISOString().slice(0, 10); };
  P.toTimeString = function () { return this.toISOString().slice(11, 19) + ' GMT+0000'; };
  P.toLocaleString = P.toUTCString;
  P.toLocaleDateString = P.toDateString;
  P.toLocaleTimeString = function () { return this.toISOString().slice(11, 19); };
  globalThis.Date = SandboxDate;

  // --- console: lines collected for the host ---
  const logs = [];
  const text = (v) => {
    if (typeof v === 'string') return v;
    try {
      const j = stringify(v);
      return j === undefined ? String(v) : j;
    } catch (e) {
      return String(v);
    }
  };
  const log = (...args) => {
    if (logs.length >= ${MAX_LOG_LINES}) return;
    let line = args.map(text).join(' ');
    if (line.length > ${MAX_LOG_LINE_CHARS}) line = line.slice(0, ${MAX_LOG_LINE_CHARS}) + '…';
    logs.push(line);
  };
  globalThis.console = { log, info: log, warn: log, error: log, debug: log };

  // --- results ---
  const plain = (v) => {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return null;
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (typeof v === 'bigint') return String(v);
    if (v instanceof RealDate) return Number.isNaN(v.getTime()) ? null : v.toISOString();
    if (v !== null && typeof v === 'object') {
      if (ArrayBuffer.isView(v)) return Array.from(v, plain);
      return parse(stringify(v));
    }
    return v;
  };
  const isTable = (r) => r !== null && typeof r === 'object' && typeof r.columnNames === 'function' && typeof r.numRows === 'function' && typeof r.array === 'function';
  const isRecords = (r) => Array.isArray(r) && r.length > 0 && r.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof RealDate) && !ArrayBuffer.isView(x));
  const isElement = (r) => r !== null && typeof r === 'object' && r.nodeType === 1 && typeof r.tagName === 'string';
  // An element as a plain tree: { t: tag, a: [[name, value]...], c: [child | text] }.
  const tree = (node, depth) => {
    if (depth > 400) throw new Error('the figure is nested too deeply');
    if (node.nodeType === 3) return String(node.data ?? node.textContent ?? '');
    if (node.nodeType !== 1) return null;
    const attrs = [];
    for (const at of Array.from(node.attributes ?? [])) attrs.push([String(at.name), String(at.value)]);
    const children = [];
    for (const child of Array.from(node.childNodes ?? [])) {
      const t = tree(child, depth + 1);
      if (t !== null) children.push(t);
    }
    return { t: String(node.localName ?? node.tagName), a: attrs, c: children };
  };
  const firstSvg = (el) => (String(el.localName ?? el.tagName).toLowerCase() === 'svg' ? el : el.querySelector ? el.querySelector('svg') : null);
  const figure = (el) => {
    const svg = firstSvg(el);
    if (!svg) throw new Error('the returned element holds no <svg>: return an SVG figure (Plot.plot(…))');
    const cap = el !== svg && el.querySelector ? el.querySelector('figcaption') : null;
    return { kind: 'figure', tree: tree(svg, 0), caption: cap ? String(cap.textContent ?? '') : undefined };
  };
  const finish = (result) => {
    let out;
    if (isTable(result)) {
      const columns = result.columnNames().map(String);
      const n = result.numRows();
      const cols = columns.map((name) => Array.from(result.array(name), plain));
      const rows = [];
      for (let i = 0; i < n; i++) rows.push(cols.map((col) => col[i] === undefined ? null : col[i]));
      out = { kind: 'table', columns, rows };
    } else if (isRecords(result)) {
      const columns = [];
      const seen = new Set();
      for (const r of result) for (const k of Object.keys(r)) if (!seen.has(k)) { seen.add(k); columns.push(k); }
      out = { kind: 'table', columns, rows: result.map((r) => columns.map((k) => (k in r ? plain(r[k]) : null))) };
    } else if (isElement(result)) {
      out = figure(result);
    } else if (typeof result === 'string' && /^\\s*(<\\?xml[^>]*>\\s*)?<svg[\\s>]/i.test(result)) {
      const parsed = new globalThis.DOMParser().parseFromString(result, 'image/svg+xml');
      out = figure(parsed.documentElement);
    } else {
      out = { kind: 'value', value: plain(result) };
    }
    return stringify({ result: out, logs });
  };
  const describeError = (e) => {
    const field = (f) => { try { const v = e[f]; return typeof v === 'string' ? v : v === undefined ? '' : String(v); } catch (x) { return ''; } };
    try {
      if (e !== null && typeof e === 'object') return stringify({ name: field('name'), message: field('message'), stack: field('stack'), logs });
      return stringify({ name: '', message: String(e), stack: '', logs });
    } catch (x) {
      return '{"name":"","message":"(an error that cannot be described)","stack":""}';
    }
  };
  return { finish, describeError };
})(${s}, ${FIXED_TIME_MS})`;
}
