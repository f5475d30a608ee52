"use client";
import type { ReactNode } from "react";
import { useIdentity } from "../hooks/useIdentity";
import { MigrateKeyBanner } from "./MigrateKeyBanner";
import { PublishKeyBanner } from "./PublishKeyBanner";
import { Sidebar } from "./Sidebar";

/** The unlocked app: channel sidebar, and the page (directory or channel). */
export default function Workspace({ children }: { children: ReactNode }) {
  const { identity } = useIdentity();
  return (
    <div className="workspace">
      <Sidebar />
      <main className="main">
        {identity && !identity.keyPublished && <PublishKeyBanner />}
        {identity?.migration && <MigrateKeyBanner />}
        {children}
      </main>
    </div>
  );
}
