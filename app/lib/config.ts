/**
 * Runtime configuration from NEXT_PUBLIC_* variables (inlined at build time), with
 * defaults for the local stack (`npm run dev`). Each variable is read literally so that
 * Next can inline it.
 */
export interface AppConfig {
  chainId: number;
  rpcUrl: string;
  /** The pinning node (accounts sign in to it with their wallet; no token is configured here). */
  pinUrl: string;
  /**
   * The pinning node's libp2p WebSocket endpoints (`ws://host:port`, space-separated in
   * NEXT_PUBLIC_CAIRN_LIBP2P_WS), which the browser's Helia node dials. Default: any port on the
   * pinning node's host.
   */
  libp2pUrls: string[];
  /**
   * Further origins the app may connect to (NEXT_PUBLIC_CAIRN_CONNECT_SRC, space-separated), e.g.
   * other pinning services users may choose in Settings: the Content-Security-Policy blocks all
   * others.
   */
  extraConnectSources: string[];
  walletConnectProjectId: string | undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function parseChainId(value: string | undefined): number {
  const id = Number(nonEmpty(value) ?? "31337");
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`NEXT_PUBLIC_CAIRN_CHAIN_ID is not a chain id: ${value}`);
  return id;
}

const list = (value: string | undefined): string[] => nonEmpty(value)?.split(/\s+/) ?? [];

/** `ws://host:*` (`wss:` for an https pinning URL): the pinning node's host, any port. */
function pinHostWebSockets(pinUrl: string): string {
  const url = new URL(pinUrl);
  return `${url.protocol === "https:" ? "wss" : "ws"}://${url.hostname}:*`;
}

const libp2pWs = list(process.env.NEXT_PUBLIC_CAIRN_LIBP2P_WS);
const pinUrl = (nonEmpty(process.env.NEXT_PUBLIC_CAIRN_PIN_URL) ?? "http://127.0.0.1:5050").replace(/\/+$/, "");

export const appConfig: AppConfig = {
  chainId: parseChainId(process.env.NEXT_PUBLIC_CAIRN_CHAIN_ID),
  rpcUrl: nonEmpty(process.env.NEXT_PUBLIC_CAIRN_RPC_URL) ?? "http://127.0.0.1:8545",
  pinUrl,
  libp2pUrls: libp2pWs.length > 0 ? libp2pWs : [pinHostWebSockets(pinUrl)],
  extraConnectSources: list(process.env.NEXT_PUBLIC_CAIRN_CONNECT_SRC),
  walletConnectProjectId: nonEmpty(process.env.NEXT_PUBLIC_WC_PROJECT_ID),
};
