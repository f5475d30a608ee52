"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import { ConnectWallet } from "./ConnectWallet";
import { ErrorBoundary } from "./ErrorBoundary";
import { NetworkGuard } from "./NetworkGuard";
import { IdentityGate } from "./IdentityGate";

/** Top bar (brand, wallet), the wrong-network banner, then the gated workspace (a render error stays inside it). */
export function AppShell({ children }: { children: ReactNode }) {
  return (
    <div className="app">
      <header className="topbar">
        <Link href="/" className="brand">
          cairn<span>.</span>
        </Link>
        <nav className="topbar-links">
          <Link href="/settings" data-testid="settings-link">
            Settings
          </Link>
        </nav>
        <ConnectWallet />
      </header>
      <NetworkGuard />
      <ErrorBoundary>
        <IdentityGate>{children}</IdentityGate>
      </ErrorBoundary>
    </div>
  );
}
