/**
 * Makes sure a port of the stack is free before anything binds it. A port held by a process of
 * an earlier Cairn stack whose orchestrator is gone (a leftover) is freed by stopping that
 * process's group; any other holder fails the start with {@link PortInUseError}, naming the
 * process and the variable that moves the port.
 */
import { createServer } from "node:net";
import { PortInUseError } from "./errors.js";
import { findPortHolder, isAlive } from "./portHolder.js";
import { waitUntil } from "./waitUntil.js";

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => (error.code === "EADDRINUSE" ? resolve(false) : reject(error)));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Gone already.
  }
}

export async function claimPort(name: string, port: number, log?: (line: string) => void): Promise<void> {
  if (await isPortFree(port)) return;
  const holder = await findPortHolder(port);
  if (holder?.orchestratorPid !== undefined && !isAlive(holder.orchestratorPid)) {
    log?.(
      `port ${port} (${name}) is held by a leftover of an earlier run (pid ${holder.pid}: ${holder.command}); stopping its process group`,
    );
    const freed = (timeoutMs: number) =>
      waitUntil(async () => ((await isPortFree(port)) ? true : undefined), { what: `port ${port}`, timeoutMs }).then(
        () => true,
        () => false,
      );
    signalGroup(holder.pgid, "SIGTERM");
    if (await freed(5_000)) return;
    signalGroup(holder.pgid, "SIGKILL");
    if (await freed(5_000)) return;
  }
  throw new PortInUseError(name, port, holder);
}
