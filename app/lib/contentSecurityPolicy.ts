import type { AppConfig } from "./config";

/** What WalletConnect's provider and QR modal reach (its relay, RPC, explorer API, verify frame). */
const WALLETCONNECT = {
  connect: [
    "https://rpc.walletconnect.com",
    "https://rpc.walletconnect.org",
    "https://relay.walletconnect.com",
    "https://relay.walletconnect.org",
    "wss://relay.walletconnect.com",
    "wss://relay.walletconnect.org",
    "https://pulse.walletconnect.com",
    "https://pulse.walletconnect.org",
    "https://api.web3modal.com",
    "https://api.web3modal.org",
    "https://keys.walletconnect.com",
    "https://keys.walletconnect.org",
  ],
  frame: ["https://verify.walletconnect.com", "https://verify.walletconnect.org"],
  img: ["https://api.web3modal.com", "https://api.web3modal.org"],
};

/** `scheme://host[:port]` of a configured URL (CSP source expressions match origins; a path would narrow them). */
const origin = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
};

/**
 * The app's Content-Security-Policy (PROTOCOL.md §14). Scripts: only this origin's files and
 * Next's inline bootstrap carrying this response's `nonce` (plus `'unsafe-eval'` under `next dev`,
 * which React's dev tooling needs). Connections: this origin, the chain RPC, the pinning node, its
 * libp2p WebSockets, the extra origins configured (other pinning services) and WalletConnect's
 * services when it is enabled; nothing else. Previews are `blob:` images and videos; the
 * download worker and its frame are same-origin; the app cannot be framed, and plugins, `<base>`
 * and form posts elsewhere are refused. A `blob:` document opened from the app inherits this
 * policy, so a file opened that way runs no script either.
 */
export function contentSecurityPolicy(config: AppConfig, options: { nonce: string; dev: boolean }): string {
  const walletConnect = config.walletConnectProjectId !== undefined;
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${options.nonce}'`, "'strict-dynamic'", ...(options.dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", options.dev ? "'unsafe-inline'" : `'nonce-${options.nonce}'`],
    "img-src": ["'self'", "blob:", "data:", ...(walletConnect ? WALLETCONNECT.img : [])],
    "media-src": ["'self'", "blob:"],
    "font-src": ["'self'"],
    "connect-src": [
      "'self'",
      origin(config.rpcUrl),
      origin(config.pinUrl),
      ...config.libp2pUrls,
      ...config.extraConnectSources,
      ...(walletConnect ? WALLETCONNECT.connect : []),
    ],
    "worker-src": ["'self'"],
    "frame-src": ["'self'", ...(walletConnect ? WALLETCONNECT.frame : [])],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${[...new Set(sources)].join(" ")}`)
    .join("; ");
}

/** Headers every response of the app carries (next.config.ts). */
export const SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];
