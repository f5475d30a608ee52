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

export const appConfig: AppConfig = {
  chainId: parseChainId(process.env.NEXT_PUBLIC_CAIRN_CHAIN_ID),
  rpcUrl: nonEmpty(process.env.NEXT_PUBLIC_CAIRN_RPC_URL) ?? "http://127.0.0.1:8545",
  pinUrl: (nonEmpty(process.env.NEXT_PUBLIC_CAIRN_PIN_URL) ?? "http://127.0.0.1:5050").replace(/\/+$/, ""),
  walletConnectProjectId: nonEmpty(process.env.NEXT_PUBLIC_WC_PROJECT_ID),
};
