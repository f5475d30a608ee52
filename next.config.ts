import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./app/lib/contentSecurityPolicy";

/**
 * core/ imports its own files with `.js` specifiers (`./errors.js` for `errors.ts`) so the
 * same sources run in Node. Turbopack maps `.js` to `.ts` only when the tsconfig Next reads
 * uses `moduleResolution: "nodenext"`, so Next reads tsconfig.next.json (tsconfig.json with
 * nodenext resolution). That file cannot type-check the app (nodenext ESM refuses
 * extension-less package subpaths like `next/link`), so Next's own type check is off and
 * the app + core are type-checked with `tsc -p tsconfig.json` (npm run typecheck:app,
 * which `npm run build:app` runs before `next build`).
 *
 * @cairn/core is a workspace package of TypeScript sources: `transpilePackages` compiles it.
 * Turbopack (Next 16.4) reads only the tsconfig named here and has no extension-alias option.
 *
 * Helia/libp2p are only loaded in the browser, through dynamic import().
 *
 * Every response carries the static security headers below; proxy.ts adds the per-request
 * Content-Security-Policy to pages.
 */
const nextConfig: NextConfig = {
  reactStrictMode: true,
  serverExternalPackages: ["node-datachannel"],
  transpilePackages: ["@cairn/core"],
  typescript: { tsconfigPath: "tsconfig.next.json", ignoreBuildErrors: true },
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  poweredByHeader: false,
  headers: async () => [{ source: "/:path*", headers: SECURITY_HEADERS }],
};

export default nextConfig;
