"use client";
import { useMemo } from "react";
import { useConnectors, type Connector } from "wagmi";

function hasWindowEthereum(): boolean {
  return typeof window !== "undefined" && (window as { ethereum?: unknown }).ethereum !== undefined;
}

/**
 * The wallets a person can pick: every EIP-6963 wallet the page discovered; otherwise the
 * plain `window.ethereum` wallet (the `injected()` connector) when there is one; plus
 * WalletConnect when configured.
 */
export function useWalletChoices(): Connector[] {
  const connectors = useConnectors();
  return useMemo(() => {
    const discovered = connectors.filter((c) => c.type === "injected" && c.id !== "injected");
    const plain = connectors.filter((c) => c.id === "injected" && hasWindowEthereum());
    const remote = connectors.filter((c) => c.type !== "injected");
    return [...(discovered.length > 0 ? discovered : plain), ...remote];
  }, [connectors]);
}
