import { NextResponse, type NextRequest } from "next/server";
import { appConfig } from "./app/lib/config";
import { contentSecurityPolicy } from "./app/lib/contentSecurityPolicy";

/**
 * Sets the Content-Security-Policy with a fresh nonce on every page response, and passes it on
 * the request so that Next puts the nonce on its own scripts (the root layout renders every page
 * per request for that: a prerendered page could not carry this request's nonce).
 */
export function proxy(request: NextRequest) {
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const policy = contentSecurityPolicy(appConfig, { nonce, dev: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages and their data; not the hashed static assets.
      source: "/((?!_next/static|_next/image).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
