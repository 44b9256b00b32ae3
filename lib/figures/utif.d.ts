/** The part of UTIF.js (no published types) that the figure exports use. */
declare module 'utif' {
  const UTIF: {
    encode(ifds: Record<string, unknown>[]): ArrayBuffer;
    decode(buffer: ArrayBuffer | Uint8Array): Record<string, unknown>[];
  };
  export default UTIF;
}
