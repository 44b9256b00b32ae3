import type { NextConfig } from 'next';
import { staticPolicy } from './content-security-policy';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Types are checked once, by `npm run typecheck` (part of `npm test`), for the app and lib/ alike.
  typescript: { ignoreBuildErrors: true },
  turbopack: {
    // libsvm-js's Emscripten glue requires fs, path and crypto on its Node path only (crypto's
    // browser polyfill would also bring code that evaluates strings). ml-matrix 5 (under
    // ml-svm) builds methods with eval, which the CSP forbids: the browser gets the one part
    // ml-svm uses (see the shim).
    resolveAlias: {
      fs: { browser: './workers/shims/empty.ts' },
      path: { browser: './workers/shims/empty.ts' },
      crypto: { browser: './workers/shims/empty.ts' },
      'ml-matrix': { browser: './workers/shims/ml-matrix.ts' },
    },
  },
  async headers() {
    return [
      {
        source: '/(.*)',
        headers: [
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
      // Pages and public files get their policy, with a per-request nonce, from proxy.ts.
      { source: '/_next/static/:path*', headers: [{ key: 'Content-Security-Policy', value: staticPolicy }] },
    ];
  },
};

export default nextConfig;
