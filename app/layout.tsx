import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppShell } from "./components/AppShell";
import "./globals.css";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: "Cairn",
  description: "End-to-end encrypted channels: Ethereum as index, IPFS for ciphertext, your wallet as login.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
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
