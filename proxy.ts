import { NextResponse, type NextRequest } from 'next/server';
import { newNonce, pagePolicy } from './content-security-policy';

// Every page and public file gets a Content-Security-Policy with a fresh nonce. Next.js reads
// the nonce from the request's policy header while rendering and puts it on its own inline
// scripts, so pages must render per request (app/layout.tsx waits for the connection).
//
// The workbench serves pages and files only: a method other than GET or HEAD (TRACE, PUT, …) is
// answered 405 with the methods allowed, instead of reaching Next.js's router (which answered
// TRACE with a 500). POST stays open for Next.js's own requests, though the app sends none.
const ALLOWED_METHODS = ['GET', 'HEAD', 'POST'];

export function proxy(request: NextRequest) {
  if (!ALLOWED_METHODS.includes(request.method)) {
    return new NextResponse(`Method ${request.method} is not allowed here.\n`, {
      status: 405,
      headers: { Allow: ALLOWED_METHODS.join(', '), 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
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
