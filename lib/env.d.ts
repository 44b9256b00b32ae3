/* eslint-disable no-var -- ambient globals are declared with `declare var`, as in lib.dom.d.ts */
/**
 * The few platform globals lib/ may use. They exist in Node >= 18, in browsers and in Web
 * Workers alike; the DOM lib itself is deliberately absent from lib/tsconfig.json so that
 * lib/ cannot touch `window` or `document` by accident. Figure builders receive a `document`
 * as a parameter (as Observable Plot does), typed here only as an opaque object.
 * (Excluded from the root tsconfig, which has the full DOM lib.)
 */
interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
  throwIfAborted(): void;
}
declare var AbortSignal: { prototype: AbortSignal; abort(reason?: unknown): AbortSignal; timeout(ms: number): AbortSignal };
interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
declare var AbortController: { prototype: AbortController; new (): AbortController };
declare class DOMException extends Error {
  constructor(message?: string, name?: string);
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare var performance: { now(): number };
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
interface Document {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
interface Element {}
