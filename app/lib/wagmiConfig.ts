import { createConfig, http, type Config } from "wagmi";
import { injected, walletConnect } from "wagmi/connectors";
import { appChain } from "./chain";
import { appConfig } from "./config";

/**
 * Wallets: every EIP-6963 wallet the browser announces (multiInjectedProviderDiscovery),
 * plain `window.ethereum` through `injected()`, and WalletConnect only when a project id
 * is configured. WalletConnect is set up in the browser only: during server rendering its
 * provider would reach out to the relay. No storage: the session starts disconnected on the
 * server and reconnects on the client (`reconnectOnMount`).
 */
export function createWagmiConfig(): Config {
  const projectId = typeof window === "undefined" ? undefined : appConfig.walletConnectProjectId;
  return createConfig({
    chains: [appChain],
    connectors: [
      injected({ shimDisconnect: true }),
      ...(projectId ? [walletConnect({ projectId, showQrModal: true })] : []),
    ],
    multiInjectedProviderDiscovery: true,
    transports: { [appChain.id]: http(appConfig.rpcUrl) },
    ssr: true,
  });
}
