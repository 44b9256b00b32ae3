import type { NextConfig } from 'next';

const isDev = process.env.NODE_ENV === 'development';

// Patient data never leave the browser: no third-party origin is allowed anywhere, and the
// page may only talk to its own origin. 'wasm-unsafe-eval' lets tfjs and libsvm compile
// their WebAssembly; 'unsafe-eval' is only for the dev server's hot reload.
const policy = (scriptSrc: string) => [
  "default-src 'self'",
  `script-src ${scriptSrc}`,
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

const contentSecurityPolicy = policy(`'self' 'unsafe-inline' 'wasm-unsafe-eval'${isDev ? " 'unsafe-eval'" : ''}`);
// Compute workers get their policy from their own script's response. They may compile code
// (arquero turns its table expressions into functions), but still reach nothing except this
// origin. Page scripts served from the same folder ignore this header: a document keeps its own.
const workerContentSecurityPolicy = policy("'self' 'wasm-unsafe-eval' 'unsafe-eval'");

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Types are checked once, by `npm run typecheck` (part of `npm test`), for the app and lib/ alike.
  typescript: { ignoreBuildErrors: true },
  turbopack: {
    // libsvm-js's Emscripten glue requires fs/path on its Node path only.
    resolveAlias: {
      fs: { browser: './workers/shims/empty.ts' },
      path: { browser: './workers/shims/empty.ts' },
    },
  },
  async headers() {
    return [
      {
        source: '/(.*)',
        headers: [
          { key: 'Content-Security-Policy', value: contentSecurityPolicy },
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
      // Later rules override earlier ones for the same header key.
      { source: '/_next/static/:path*', headers: [{ key: 'Content-Security-Policy', value: workerContentSecurityPolicy }] },
    ];
  },
};

export default nextConfig;
