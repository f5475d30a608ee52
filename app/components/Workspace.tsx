"use client";
import type { ReactNode } from "react";
import { useSession } from "../hooks/useSession";
import { MigrateKeyBanner } from "./MigrateKeyBanner";
import { PublishKeyBanner } from "./PublishKeyBanner";
import { Sidebar } from "./Sidebar";

/** The unlocked app: channel sidebar, and the page (directory or channel). */
export default function Workspace({ children }: { children: ReactNode }) {
  const { session } = useSession();
  return (
    <div className="workspace">
      <Sidebar />
      <main className="main">
        {session && !session.keyPublished && <PublishKeyBanner />}
        {session?.migration && <MigrateKeyBanner />}
        {children}
      </main>
    </div>
  );
}
