"use client";
import dynamic from "next/dynamic";

/**
 * Code-split boundaries. Everything behind "connected" (unlock, channels, messages) needs
 * viem's full public/wallet clients and core; it is loaded after the page has hydrated
 * (`preloadViews`), so the first load carries only the shell and the connect button.
 */
const loadUnlockPanel = () => import("./UnlockPanel");
const loadWorkspace = () => import("./Workspace");
const loadChannelDirectory = () => import("./ChannelDirectory");
const loadChannelView = () => import("./ChannelView");

function Loading() {
  return <p className="empty">Loading…</p>;
}

export const LazyUnlockPanel = dynamic(() => loadUnlockPanel().then((m) => m.UnlockPanel), { ssr: false, loading: Loading });
export const LazyWorkspace = dynamic(loadWorkspace, { ssr: false, loading: Loading });
export const LazyChannelDirectory = dynamic(() => loadChannelDirectory().then((m) => m.ChannelDirectory), {
  ssr: false,
  loading: Loading,
});
export const LazyChannelView = dynamic(() => loadChannelView().then((m) => m.ChannelView), { ssr: false, loading: Loading });

/** Starts downloading the split views right away (called once the shell has hydrated). */
export function preloadViews(): void {
  void Promise.all([loadUnlockPanel(), loadWorkspace(), loadChannelDirectory(), loadChannelView()]);
}
