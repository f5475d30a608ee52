/** Next.js for the stack: `next dev`, or `next build` once and then `next start`. Always on 127.0.0.1. */
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { repoRoot } from "./repoRoot.js";
import { runToCompletion } from "./runToCompletion.js";
import { startChild, type Child } from "./startChild.js";
import { waitForHttp } from "./waitUntil.js";

const NEXT_BIN = join(repoRoot, "node_modules", "next", "dist", "bin", "next");

export type NextMode = "dev" | "start";

interface NextRun {
  env: Record<string, string>;
  /** Project directory (default: the repository; see prepareAppCopy.ts). */
  projectDir?: string;
  logFile?: string;
  echo?: boolean;
}

function nextChild(name: string, command: "build" | NextMode, args: string[], run: NextRun): Child {
  return startChild({
    name,
    command: process.execPath,
    args: [NEXT_BIN, command, ...(run.projectDir ? [run.projectDir] : []), ...args],
    cwd: repoRoot,
    env: { ...process.env, ...run.env },
    logFile: run.logFile,
    echo: run.echo,
  });
}

const BUILD_LOCKED = "Another next build process is already running";

/**
 * `next build` with the given NEXT_PUBLIC_* environment (inlined into the bundle). Next
 * allows one build per dist directory at a time; when another one holds the lock (someone
 * else building in this checkout), wait for it, up to `lockWaitMs`.
 */
export async function buildNext(run: NextRun & { lockWaitMs?: number }): Promise<void> {
  const deadline = Date.now() + (run.lockWaitMs ?? 600_000);
  for (;;) {
    const child = nextChild("next-build", "build", [], run);
    try {
      await runToCompletion(child);
      return;
    } catch (error) {
      if (!child.logTail().includes(BUILD_LOCKED) || Date.now() > deadline) throw error;
      await sleep(5000);
    }
  }
}

/**
 * Starts Next.js and resolves once `/` answers, whatever the status: a compile error in
 * `next dev` is the developer's to read in the browser, not a reason to stop the stack.
 */
export async function startNext(options: NextRun & { port: number; mode: NextMode }): Promise<Child> {
  const child = nextChild("next", options.mode, ["-H", "127.0.0.1", "-p", String(options.port)], options);
  try {
    await waitForHttp(`http://127.0.0.1:${options.port}/`, {
      what: `Next.js (${options.mode}) on 127.0.0.1:${options.port}`,
      child,
      timeoutMs: 300_000,
      intervalMs: 500,
    });
    return child;
  } catch (error) {
    await child.stop();
    throw error;
  }
}
