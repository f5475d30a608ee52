import { readdir, readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";

/** Nanoseconds the process's threads have run on a CPU (Linux /proc schedstat; threads that ended are not counted). */
async function processCpuNanoseconds(pid: number): Promise<number> {
  const threads = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  let total = 0;
  for (const thread of threads) {
    const stat = await readFile(`/proc/${pid}/task/${thread}/schedstat`, "utf8").catch(() => "0");
    total += Number(stat.split(" ")[0]);
  }
  return total;
}

/**
 * A clock of the CPU time Chromium's renderer processes have used (seconds, all their threads):
 * unlike wall time it does not count time other programs on the machine take from the page.
 * Linux only (the bench runs the browser without a sandbox, so its process ids are the host's).
 */
export async function createRendererCpuClock(browser: Browser): Promise<() => Promise<number>> {
  const session = await browser.newBrowserCDPSession();
  return async () => {
    const { processInfo } = (await session.send("SystemInfo.getProcessInfo")) as { processInfo: { type: string; id: number }[] };
    let nanoseconds = 0;
    for (const { type, id } of processInfo) if (type === "renderer") nanoseconds += await processCpuNanoseconds(id);
    return nanoseconds / 1e9;
  };
}
