/**
 * A start never fails on a port held by a leftover of an earlier run (a process of a stack whose
 * orchestrator is dead): the leftover is stopped. Any other holder is named in PortInUseError.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, it } from "node:test";
import { claimPort } from "../../scripts/stack/claimPort.js";
import { PortInUseError } from "../../scripts/stack/errors.js";
import { findPortHolder, isAlive, ORCHESTRATOR_VARIABLE } from "../../scripts/stack/portHolder.js";
import { portsFromEnv, TEST_PORTS } from "../../scripts/stack/stackConfig.js";
import { waitUntil } from "../../scripts/stack/waitUntil.js";

const port = portsFromEnv(TEST_PORTS).web + 50;

/** A detached process listening on `port`, with `orchestrator` as its stack's orchestrator pid. */
async function listener(orchestrator?: number): Promise<ChildProcess> {
  const env = { ...process.env };
  delete env[ORCHESTRATOR_VARIABLE];
  if (orchestrator !== undefined) env[ORCHESTRATOR_VARIABLE] = String(orchestrator);
  const child = spawn(process.execPath, ["-e", `require("node:http").createServer().listen(${port}, "127.0.0.1")`], {
    env,
    detached: true,
    stdio: "ignore",
  });
  await waitUntil(async () => ((await findPortHolder(port))?.pid === child.pid ? true : undefined), { what: "the listener" });
  return child;
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await once(child, "exit");
  return child.pid!;
}

describe("claimPort", () => {
  let holder: ChildProcess | undefined;
  afterEach(() => {
    if (holder?.pid !== undefined && isAlive(holder.pid)) process.kill(holder.pid, "SIGKILL");
  });

  it("stops a leftover of a stack whose orchestrator is gone", async () => {
    holder = await listener(await deadPid());
    const lines: string[] = [];
    await claimPort("web app", port, (line) => lines.push(line));
    assert.equal(await findPortHolder(port), undefined);
    await waitUntil(async () => (isAlive(holder!.pid!) ? undefined : true), { what: "the leftover to exit", timeoutMs: 5_000 });
    assert.match(lines.join("\n"), new RegExp(`leftover of an earlier run \\(pid ${holder.pid}`));
  });

  it("names a process that is not a leftover", async () => {
    holder = await listener();
    await assert.rejects(claimPort("web app", port), (error: unknown) => {
      assert.ok(error instanceof PortInUseError);
      assert.match(error.message, new RegExp(`Port ${port} \\(web app\\) is already in use on 127.0.0.1 by pid ${holder!.pid} \\(.*node`));
      return true;
    });
    assert.ok(isAlive(holder.pid!));
  });

  it("leaves alone the process of a stack that is still running", async () => {
    holder = await listener(process.pid);
    await assert.rejects(claimPort("web app", port), new RegExp(`running Cairn stack of pid ${process.pid}`));
    assert.ok(isAlive(holder.pid!));
  });
});
