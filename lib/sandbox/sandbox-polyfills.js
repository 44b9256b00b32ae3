// Globals the bundled libraries expect that QuickJS lacks, defined inside the sandbox only
// (imported first by sandbox-entry.js). UTF-8 only; nothing here reaches the host.
class SandboxTextEncoder {
  get encoding() {
    return 'utf-8';
  }
  encode(input = '') {
    const s = String(input);
    const out = [];
    for (let i = 0; i < s.length; i++) {
      let c = s.codePointAt(i);
      if (c > 0xffff) i++;
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return new Uint8Array(out);
  }
}
class SandboxTextDecoder {
  constructor(label = 'utf-8') {
    if (!/^utf-?8$/i.test(String(label))) throw new RangeError(`TextDecoder: only utf-8 in the sandbox, not ${label}`);
  }
  get encoding() {
    return 'utf-8';
  }
  decode(input) {
    if (input === undefined) return '';
    const b = input instanceof Uint8Array ? input : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
    let s = '';
    const chunk = [];
    for (let i = 0; i < b.length; ) {
      const x = b[i++];
      let c;
      if (x < 0x80) c = x;
      else if (x >= 0xc0 && x < 0xe0) c = ((x & 31) << 6) | (b[i++] & 63);
      else if (x >= 0xe0 && x < 0xf0) c = ((x & 15) << 12) | ((b[i++] & 63) << 6) | (b[i++] & 63);
      else if (x >= 0xf0) c = ((x & 7) << 18) | ((b[i++] & 63) << 12) | ((b[i++] & 63) << 6) | (b[i++] & 63);
      else c = 0xfffd;
      chunk.push(c);
      if (chunk.length >= 4096) {
        s += String.fromCodePoint(...chunk);
        chunk.length = 0;
      }
    }
    return s + String.fromCodePoint(...chunk);
  }
}
if (typeof globalThis.TextEncoder === 'undefined') globalThis.TextEncoder = SandboxTextEncoder;
if (typeof globalThis.TextDecoder === 'undefined') globalThis.TextDecoder = SandboxTextDecoder;

// A minimal, English-only Intl (QuickJS has none; Plot formats numbers and month/weekday names
// with it). Deterministic: the same text in the page and the CLI, whatever the host's locale.
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
function groupThousands(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
class SandboxNumberFormat {
  constructor(_locale, options = {}) {
    this.options = { maximumFractionDigits: 3, useGrouping: true, ...options };
  }
  format(value) {
    const x = Number(value);
    if (Number.isNaN(x)) return 'NaN';
    if (!Number.isFinite(x)) return x < 0 ? '-∞' : '∞';
    const max = this.options.maximumFractionDigits;
    const min = this.options.minimumFractionDigits ?? 0;
    let [int, frac = ''] = Math.abs(x).toFixed(Math.min(20, max)).split('.');
    frac = frac.replace(/0+$/, '');
    while (frac.length < min) frac += '0';
    const sign = x < 0 && (Number(int) !== 0 || frac !== '') ? '-' : '';
    return sign + (this.options.useGrouping === false ? int : groupThousands(int)) + (frac ? `.${frac}` : '');
  }
  resolvedOptions() {
    return { locale: 'en-US', ...this.options };
  }
}
class SandboxDateTimeFormat {
  constructor(_locale, options = {}) {
    this.options = options;
  }
  format(date) {
    const d = new Date(date);
    const o = this.options;
    const utc = o.timeZone === 'UTC';
    const month = utc ? d.getUTCMonth() : d.getMonth();
    const weekday = utc ? d.getUTCDay() : d.getDay();
    const name = (names, i, style) => (style === 'long' ? names[i] : style === 'narrow' ? names[i].slice(0, 1) : style === 'numeric' || style === '2-digit' ? String(i + 1) : names[i].slice(0, 3));
    if (o.month && !o.weekday && !o.year && !o.day) return name(MONTHS, month, o.month);
    if (o.weekday && !o.month && !o.year && !o.day) return name(WEEKDAYS, weekday, o.weekday);
    return d.toISOString();
  }
  resolvedOptions() {
    return { locale: 'en-US', timeZone: this.options.timeZone ?? 'UTC', ...this.options };
  }
}
if (typeof globalThis.Intl === 'undefined') globalThis.Intl = { NumberFormat: SandboxNumberFormat, DateTimeFormat: SandboxDateTimeFormat };

// atob (entities' decoding tables in htmlparser2, linkedom's parser): base64 → binary string.
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function sandboxAtob(input) {
  const s = String(input).replace(/[\t\n\f\r ]+/g, '').replace(/=+$/, '');
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const ch of s) {
    const v = B64.indexOf(ch);
    if (v < 0) throw new Error('atob: not base64');
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 255);
    }
  }
  return out;
}
if (typeof globalThis.atob === 'undefined') globalThis.atob = sandboxAtob;
