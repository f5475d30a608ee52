import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { AppShell } from "./components/AppShell";
import "./globals.css";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: "Cairn",
  description: "End-to-end encrypted channels: Ethereum as index, IPFS for ciphertext, your wallet as login.",
};

/** Rendered per request: Next puts the request's CSP nonce (proxy.ts) on its scripts only then. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers>
          <AppShell>{children}</AppShell>
        </Providers>
      </body>
    </html>
  );
}
