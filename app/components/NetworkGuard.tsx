"use client";
import { useAccount, useSwitchChain } from "wagmi";
import { appChain } from "../lib/chain";
import { useNotify } from "../hooks/useNotify";

/** wagmi's error when the wallet added the network (EIP-3085) but did not switch to it, which wallets may do. */
function addedWithoutSwitching(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) if (/after adding network/i.test(e.message)) return true;
  return false;
}

/**
 * When the wallet is on another network: explains it and offers to switch. wagmi asks the
 * wallet to add the network when it does not know it; if the wallet then only added it,
 * the switch is asked once more.
 */
export function NetworkGuard() {
  const { chainId, status } = useAccount();
  const { switchChainAsync, isPending } = useSwitchChain();
  const { notifyError } = useNotify();
  if (status !== "connected" || chainId === appChain.id) return null;

  const switchNetwork = async () => {
    try {
      await switchChainAsync({ chainId: appChain.id });
    } catch (error) {
      const retry = addedWithoutSwitching(error) ? switchChainAsync({ chainId: appChain.id }) : Promise.reject(error);
      await retry.catch((final: unknown) => notifyError(final, `Could not switch to ${appChain.name}`));
    }
  };

  return (
    <div className="banner banner-warning" data-testid="wrong-network" role="alert">
      <span>
        Your wallet is on network {chainId}. Cairn runs on <strong>{appChain.name}</strong> (chain id {appChain.id}).
      </span>
      <button type="button" className="button" data-testid="switch-network" disabled={isPending} onClick={() => void switchNetwork()}>
        {isPending ? "Switching…" : `Switch to ${appChain.name}`}
      </button>
    </div>
  );
}
