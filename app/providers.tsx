"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { WagmiProvider } from "wagmi";
import { NotificationsProvider } from "./components/NotificationsProvider";
import { IdentityProvider } from "./components/IdentityProvider";
import { createWagmiConfig } from "./lib/wagmiConfig";

/** Client-side providers: wagmi, TanStack Query, toasts, and the in-memory key identity. */
export function Providers({ children }: { children: ReactNode }) {
  const [wagmiConfig] = useState(createWagmiConfig);
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
  );
  return (
    <WagmiProvider config={wagmiConfig} reconnectOnMount>
      <QueryClientProvider client={queryClient}>
        <NotificationsProvider>
          <IdentityProvider>{children}</IdentityProvider>
        </NotificationsProvider>
      </QueryClientProvider>
    </WagmiProvider>
  );
}
