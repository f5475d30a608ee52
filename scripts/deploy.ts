/**
 * Deploys the Cairn contracts with the Ignition module, then regenerates core/contracts/deployments.ts.
 *
 *   npm run deploy:local                      # to `npx hardhat node --hostname 127.0.0.1` (fixed addresses)
 *   npm run deploy -- --network sepolia       # or baseSepolia; needs RPC URL + key config variables
 *   npm run deploy -- --network sepolia --yes # no confirmation prompt (also when CI=true)
 *
 * A live deploy asks Ignition's "Confirm deploy to network …?" in a terminal. Without one (a
 * pipe, CI) the prompt could never be answered: `--yes` or `CI=true` confirms in advance
 * (Ignition's HARDHAT_IGNITION_CONFIRM_DEPLOYMENT), otherwise the deploy stops at once and says
 * so. `--deployment-id <id>` picks Ignition's deployment id (default `chain-<chain id>`, the
 * only one deployments.ts reads).
 *
 * Local: a fresh node plus account #0 always yields the same addresses (see localDeployment.ts),
 * so the local Ignition journal is throw-away (gitignored) and deployments.ts never changes. If
 * the node already runs the current contracts at those addresses, nothing is sent.
 */
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { createPublicClient, getAddress, http, type Address } from "viem";
import { DEPLOYMENTS_DIR, ROOT, writeGenerated } from "./contracts/generatedSource.js";
import { LOCAL_CHAIN_ID, localDeployment } from "./contracts/localDeployment.js";

const MODULE_PATH = "scripts/ignition/modules/Cairn.ts";
const LOCAL_RPC_URL = "http://127.0.0.1:8545";
/** Config variables each live network needs (hardhat.config.ts). */
const LIVE_NETWORKS: Record<string, string> = { sepolia: "SEPOLIA", baseSepolia: "BASE_SEPOLIA" };

class DeployError extends Error {
  override name = "DeployError";
}

interface DeployArguments {
  network: string;
  /** Confirmed in advance: --yes, or CI=true. */
  yes: boolean;
  deploymentId?: string;
}

function deployArguments(): DeployArguments {
  const { values } = parseArgs({
    options: { network: { type: "string" }, yes: { type: "boolean", short: "y" }, "deployment-id": { type: "string" } },
  });
  const network = values.network;
  if (network === undefined) {
    throw new DeployError("Usage: npm run deploy -- --network <localhost|sepolia|baseSepolia> [--yes] [--deployment-id <id>]");
  }
  if (network !== "localhost" && LIVE_NETWORKS[network] === undefined) {
    throw new DeployError(`Unknown network "${network}". Use localhost, sepolia or baseSepolia.`);
  }
  const ci = process.env.CI !== undefined && !["", "0", "false"].includes(process.env.CI.toLowerCase());
  return { network, yes: values.yes === true || ci, deploymentId: values["deployment-id"] };
}

/**
 * Runs `hardhat ignition deploy` for `network`, echoing its output; returns exit code and stderr.
 * Confirmed in advance (`yes`), the child gets no terminal input and Ignition asks nothing.
 */
function runIgnition(network: string, options: { yes?: boolean; deploymentId?: string } = {}): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, "node_modules", "hardhat", "dist", "src", "cli.js"),
        "ignition",
        "deploy",
        MODULE_PATH,
        "--network",
        network,
        ...(options.deploymentId === undefined ? [] : ["--deployment-id", options.deploymentId]),
      ],
      {
        cwd: ROOT,
        stdio: [options.yes ? "ignore" : "inherit", "inherit", "pipe"],
        env: options.yes ? { ...process.env, HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "true" } : process.env,
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stderr }));
  });
}

async function regenerate() {
  const written = await writeGenerated();
  console.log(written.length === 0 ? "core/contracts is up to date." : `Wrote ${written.join(", ")}: commit it.`);
}

/**
 * Runtime code without solc's trailing CBOR metadata (its length is the last two bytes): builds
 * of the same sources and settings differ only there (e.g. the isolated production build).
 */
function withoutMetadata(code: string): string {
  const hex = code.toLowerCase().replace(/^0x/, "");
  const metadataBytes = Number.parseInt(hex.slice(-4), 16) + 2;
  return hex.slice(0, hex.length - 2 * metadataBytes);
}

async function readDeployedBytecode(contract: string): Promise<string> {
  const file = path.join(ROOT, "artifacts", "contracts", `${contract}.sol`, `${contract}.json`);
  return (JSON.parse(await readFile(file, "utf8")) as { deployedBytecode: string }).deployedBytecode;
}

async function deployLocal() {
  const client = createPublicClient({ transport: http(LOCAL_RPC_URL, { retryCount: 0 }) });
  const chainId = await client.getChainId().catch((cause: unknown) => {
    throw new DeployError(`No node at ${LOCAL_RPC_URL}. Start one with \`npx hardhat node --hostname 127.0.0.1\`.`, { cause });
  });
  if (chainId !== LOCAL_CHAIN_ID) throw new DeployError(`${LOCAL_RPC_URL} is chain ${chainId}, expected ${LOCAL_CHAIN_ID}.`);

  const expected = localDeployment();
  const contracts: [string, Address][] = [
    ["KeyDirectory", expected.keyDirectory],
    ["ChannelRegistry", expected.channelRegistry],
  ];
  const codes = await Promise.all(contracts.map(([, address]) => client.getCode({ address })));
  if (codes.every((code) => code !== undefined && code !== "0x")) {
    const current = await Promise.all(contracts.map(([name]) => readDeployedBytecode(name)));
    if (codes.every((code, i) => withoutMetadata(code!) === withoutMetadata(current[i]!))) {
      console.log(`Cairn is already deployed on this node (ChannelRegistry ${expected.channelRegistry}).`);
      return;
    }
    throw new DeployError("This node runs an older build of the contracts. Restart `npx hardhat node` and deploy again.");
  }

  // The journal of an earlier node describes transactions this node never saw.
  await rm(path.join(DEPLOYMENTS_DIR, `chain-${LOCAL_CHAIN_ID}`), { recursive: true, force: true });
  const { code } = await runIgnition("localhost");
  if (code !== 0) throw new DeployError("Ignition deployment to localhost failed (see above).");

  const deployed = JSON.parse(
    await readFile(path.join(DEPLOYMENTS_DIR, `chain-${LOCAL_CHAIN_ID}`, "deployed_addresses.json"), "utf8"),
  ) as Record<string, string>;
  const mismatched = contracts.filter(([name, address]) => getAddress(deployed[`Cairn#${name}`] ?? "0x0") !== address);
  if (mismatched.length > 0) {
    throw new DeployError(
      "Deployed, but not at the fixed local addresses: account #0 had already sent transactions on this node. " +
        "Restart `npx hardhat node --hostname 127.0.0.1` and run `npm run deploy:local` first.",
    );
  }
}

async function deployLive({ network, yes, deploymentId }: DeployArguments) {
  if (!yes && !process.stdin.isTTY) {
    throw new DeployError(
      `Deploying to ${network} asks for a confirmation, and there is no terminal to answer it. ` +
        `Run \`npm run deploy -- --network ${network} --yes\` (or with CI=true) to confirm in advance.`,
    );
  }
  const { code, stderr } = await runIgnition(network, { yes, deploymentId });
  if (code === 0) return;
  if (stderr.includes("HHE7")) {
    const prefix = LIVE_NETWORKS[network]!;
    throw new DeployError(
      [
        `The ${network} RPC URL and deployer key are not configured. Set them once (stored encrypted by hardhat-keystore):`,
        "",
        `  npx hardhat keystore set ${prefix}_RPC_URL`,
        `  npx hardhat keystore set ${prefix}_PRIVATE_KEY`,
        "",
        `or export ${prefix}_RPC_URL and ${prefix}_PRIVATE_KEY as environment variables, then run`,
        `\`npm run deploy -- --network ${network}\` again.`,
      ].join("\n"),
    );
  }
  throw new DeployError(`Ignition deployment to ${network} failed (see above).`);
}

try {
  const args = deployArguments();
  await (args.network === "localhost" ? deployLocal() : deployLive(args));
  await regenerate();
} catch (error) {
  if (!(error instanceof DeployError)) throw error;
  console.error(`\n${error.message}`);
  process.exit(1);
}
