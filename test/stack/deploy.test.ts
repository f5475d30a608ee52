/**
 * `npm run deploy -- --network sepolia` without a terminal: `--yes` (or CI=true) deploys
 * without Ignition's confirmation prompt; without either, it stops at once and says how. The
 * "sepolia" here is a local node with Sepolia's chain id (Ignition only asks for other chain
 * ids than 31337's), reached through the SEPOLIA_* variables. The HHE7 how-to stays for an
 * unconfigured network.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createPublicClient, http } from "viem";
import { DEPLOYMENTS_PATH, GENERATED_PATH } from "../../scripts/contracts/generatedSource.js";
import { ignitionDeploymentDir } from "../../scripts/stack/deployContracts.js";
import { repoRoot } from "../../scripts/stack/repoRoot.js";
import { portsFromEnv, TEST_PORTS } from "../../scripts/stack/stackConfig.js";
import type { Child } from "../../scripts/stack/startChild.js";
import { startTsxChild } from "../../scripts/stack/startTsxChild.js";
import { testAccount } from "../../scripts/stack/testAccounts.js";
import { waitForRpc } from "../../scripts/stack/waitUntil.js";

const SEPOLIA_CHAIN_ID = 11_155_111;
const port = portsFromEnv(TEST_PORTS).rpc + 50;
const rpcUrl = `http://127.0.0.1:${port}`;
const deploymentId = `test-deploy-${port}`;

/** Runs scripts/deploy.ts with no terminal (stdin closed); resolves with its exit code and output. */
function deploy(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "scripts/deploy.ts"), ...args], {
      cwd: repoRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 150_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: Date.now() - t0 });
    });
  });
}

describe("non-interactive deploy", { timeout: 400_000 }, () => {
  let node: Child;
  let generated: Map<string, string>;
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
    const base: NodeJS.ProcessEnv = { ...process.env, SEPOLIA_RPC_URL: rpcUrl, SEPOLIA_PRIVATE_KEY: testAccount(0).privateKey };
    delete base.CI;
    delete base.HARDHAT_IGNITION_CONFIRM_DEPLOYMENT;
    return { ...base, ...extra };
  };

  before(async () => {
    generated = new Map(await Promise.all([GENERATED_PATH, DEPLOYMENTS_PATH].map(async (file) => [file, await readFile(file, "utf8")] as const)));
    node = startTsxChild("scripts/stack/chainNodeMain.ts", ["--port", String(port), "--chain-id", String(SEPOLIA_CHAIN_ID)], {
      name: "sepolia-stand-in",
    });
    assert.equal(await waitForRpc(rpcUrl, { what: "the stand-in node", child: node, timeoutMs: 90_000 }), SEPOLIA_CHAIN_ID);
  });
  after(async () => {
    await node?.stop();
    await rm(ignitionDeploymentDir(deploymentId), { recursive: true, force: true });
    for (const [file, text] of generated) {
      if ((await readFile(file, "utf8")) !== text) await writeFile(file, text);
    }
  });

  it("without --yes and without a terminal, stops at once and says how to confirm", async () => {
    const run = await deploy(["--network", "sepolia", "--deployment-id", deploymentId], env());
    assert.equal(run.code, 1);
    assert.match(run.output, /no terminal to answer it/);
    assert.match(run.output, /--network sepolia --yes/);
    assert.ok(run.ms < 30_000, `${run.ms} ms`);
  });

  it("with --yes, deploys without a prompt", async () => {
    const run = await deploy(["--network", "sepolia", "--yes", "--deployment-id", deploymentId], env());
    assert.equal(run.code, 0, run.output);
    assert.doesNotMatch(run.output, /Confirm deploy/);
    const addresses = JSON.parse(await readFile(join(ignitionDeploymentDir(deploymentId), "deployed_addresses.json"), "utf8")) as Record<
      string,
      `0x${string}`
    >;
    const client = createPublicClient({ transport: http(rpcUrl) });
    for (const address of Object.values(addresses)) assert.notEqual(await client.getCode({ address }), undefined);
  });

  it("with CI=true, runs without a prompt too", async () => {
    const run = await deploy(["--network", "sepolia", "--deployment-id", deploymentId], env({ CI: "true" }));
    assert.equal(run.code, 0, run.output);
    assert.doesNotMatch(run.output, /Confirm deploy/);
  });

  it("keeps the how-to when the network's RPC URL and key are not configured", async () => {
    const unset = env({ CI: "true" });
    delete unset.BASE_SEPOLIA_RPC_URL;
    delete unset.BASE_SEPOLIA_PRIVATE_KEY;
    const run = await deploy(["--network", "baseSepolia"], unset);
    assert.equal(run.code, 1);
    assert.match(run.output, /npx hardhat keystore set BASE_SEPOLIA_RPC_URL/);
  });
});
