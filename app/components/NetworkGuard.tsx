"use client";
import { useAccount, useSwitchChain } from "wagmi";
import { appChain } from "../lib/chain";
import { useNotify } from "../hooks/useNotify";

/**
 * When the wallet is on another network: explains it and offers to switch (wagmi asks the
 * wallet to add the network first when it does not know it).
 */
export function NetworkGuard() {
  const { chainId, status } = useAccount();
  const { switchChain, isPending } = useSwitchChain();
  const { notifyError } = useNotify();
  if (status !== "connected" || chainId === appChain.id) return null;
  return (
    <div className="banner banner-warning" data-testid="wrong-network" role="alert">
      <span>
        Your wallet is on network {chainId}. Cairn runs on <strong>{appChain.name}</strong> (chain id {appChain.id}).
      </span>
      <button
        type="button"
        className="button"
        data-testid="switch-network"
        disabled={isPending}
        onClick={() =>
          switchChain(
            { chainId: appChain.id },
            { onError: (error) => notifyError(error, `Could not switch to ${appChain.name}`) },
          )
        }
      >
        {isPending ? "Switching…" : `Switch to ${appChain.name}`}
      </button>
    </div>
  );
}
