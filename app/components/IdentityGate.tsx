"use client";
import { usePathname } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { useAccount } from "wagmi";
import { useIdentity } from "../hooks/useIdentity";
import { appChain } from "../lib/chain";
import { appDeployment } from "../lib/deployment";
import { LazyUnlockPanel, LazyWorkspace, preloadViews } from "./lazyViews";

function Welcome() {
  return (
    <section className="center-panel" data-testid="welcome">
      <h1>End-to-end encrypted channels</h1>
      <p>
        Cairn keeps your messages readable only by the members of a channel. The Ethereum contracts index who is in a
        channel and where its messages are; IPFS holds only ciphertext; your wallet is your login.
      </p>
      <p className="muted">Connect a wallet (top right) to start.</p>
    </section>
  );
}

function NotDeployed() {
  return (
    <section className="center-panel" data-testid="not-deployed" role="alert">
      <h1>Cairn is not deployed on this chain</h1>
      <p>
        No contract addresses for chain {appChain.id} in core/contracts/generated.ts. For the local chain run{" "}
        <code>npm run dev</code> (or <code>npm run deploy:local</code>).
      </p>
    </section>
  );
}

/** Pages that need no wallet or key: the pinning settings belong to the browser, not to an account. */
const OPEN_PATHS = new Set(["/settings"]);

/** Welcome → wrong network → unlock → the workspace (sidebar + page); open pages show at once until unlocked. */
export function IdentityGate({ children }: { children: ReactNode }) {
  const { status, chainId } = useAccount();
  const { identity } = useIdentity();
  const pathname = usePathname();
  useEffect(preloadViews, []);
  if (OPEN_PATHS.has(pathname) && !identity) return <>{children}</>;
  if (!appDeployment) return <NotDeployed />;
  if (status !== "connected") return <Welcome />;
  if (chainId !== appChain.id) return null;
  if (!identity) return <LazyUnlockPanel />;
  return <LazyWorkspace>{children}</LazyWorkspace>;
}
