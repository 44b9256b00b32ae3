import { NextResponse, type NextRequest } from 'next/server';
import { newNonce, pagePolicy } from './content-security-policy';

// Every page and public file gets a Content-Security-Policy with a fresh nonce. Next.js reads
// the nonce from the request's policy header while rendering and puts it on its own inline
// scripts, so pages must render per request (app/layout.tsx waits for the connection).
// Methods other than GET, HEAD and POST are answered 405 by scripts/serve.mjs, before Next.js.
export function proxy(request: NextRequest) {
  const policy = pagePolicy(newNonce());
  const headers = new Headers(request.headers);
  headers.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  // /_next/static gets its (nonce-free) policy from next.config.ts.
  matcher: ['/((?!_next/static).*)'],
};
