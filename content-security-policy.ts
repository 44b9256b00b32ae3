// The workbench's Content-Security-Policy, shared by proxy.ts (pages, with a per-request nonce)
// and next.config.ts (the bundled scripts under /_next/static, whose policy a worker adopts).
//
// Patient data never leave the browser: no third-party origin is allowed anywhere, and the
// page may only talk to its own origin. Scripts: this origin's files, and inline scripts only
// with the request's nonce (Next.js puts it on its own inline scripts). No 'unsafe-eval' in
// production, workers included: nothing in the app compiles code from text.
// 'wasm-unsafe-eval' lets tfjs and libsvm compile their WebAssembly. The dev server keeps
// 'unsafe-eval' (React rebuilds server error stacks with eval there, and hot reload needs it).
const isDev = process.env.NODE_ENV === 'development';

function policy(scriptSrc: string): string {
  return [
    "default-src 'self'",
    `script-src ${scriptSrc}`,
    // React's style={...} attributes cannot carry a nonce; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The policy of a page, allowing the inline scripts that carry `nonce`. */
export function pagePolicy(nonce: string): string {
  return policy(`'self' 'nonce-${nonce}' 'wasm-unsafe-eval'${isDev ? " 'unsafe-eval'" : ''}`);
}

/**
 * The policy of files under /_next/static. A compute worker gets its policy from its own
 * script's response, so this is the workers' policy; page scripts served from the same folder
 * ignore it (a document keeps its own).
 */
export const staticPolicy = policy(`'self' 'wasm-unsafe-eval'${isDev ? " 'unsafe-eval'" : ''}`);

/** A fresh, unguessable nonce (128 random bits, base64). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
