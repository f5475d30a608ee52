"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { WagmiProvider } from "wagmi";
import { ChainIndexProvider } from "./components/ChainIndexProvider";
import { NotificationsProvider } from "./components/NotificationsProvider";
import { IdentityProvider } from "./components/IdentityProvider";
import { createWagmiConfig } from "./lib/wagmiConfig";

/** Client-side providers: wagmi, TanStack Query, the tab's chain index, toasts, and the in-memory unlocked identity. */
export function Providers({ children }: { children: ReactNode }) {
  const [wagmiConfig] = useState(createWagmiConfig);
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
  );
  return (
    <WagmiProvider config={wagmiConfig} reconnectOnMount>
      <QueryClientProvider client={queryClient}>
        <ChainIndexProvider>
          <NotificationsProvider>
            <IdentityProvider>{children}</IdentityProvider>
          </NotificationsProvider>
        </ChainIndexProvider>
      </QueryClientProvider>
    </WagmiProvider>
  );
}
