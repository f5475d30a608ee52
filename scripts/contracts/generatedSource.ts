import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { getAddress } from "viem";
import { LOCAL_CHAIN_ID, localDeployment, type Deployment } from "./localDeployment.js";

/** Repository root (this file lives in scripts/contracts/). */
export const ROOT = path.resolve(import.meta.dirname, "..", "..");
/** The ABIs (and a re-export of the deployments, so `@cairn/core/contracts` has both). */
export const GENERATED_PATH = path.join(ROOT, "core", "contracts", "generated.ts");
/**
 * The deployed addresses, in a module of their own: the app's shell looks up the deployment on
 * every page, and a module is bundled whole, so with the ABIs beside them every first load
 * carried both contracts' ABIs.
 */
export const DEPLOYMENTS_PATH = path.join(ROOT, "core", "contracts", "deployments.ts");
export const DEPLOYMENTS_DIR = path.join(ROOT, "scripts", "ignition", "deployments");

const MODULE_ID = "Cairn";
const CONTRACTS = { keyDirectory: "KeyDirectory", channelRegistry: "ChannelRegistry" } as const;

/** Raised when artifacts or an Ignition deployment are missing or inconsistent. */
export class GenerateContractsError extends Error {
  override name = "GenerateContractsError";
}

async function readAbi(contract: string): Promise<unknown[]> {
  const file = path.join(ROOT, "artifacts", "contracts", `${contract}.sol`, `${contract}.json`);
  if (!existsSync(file)) {
    throw new GenerateContractsError(`${path.relative(ROOT, file)} is missing: run \`npm run build:contracts\` first.`);
  }
  return (JSON.parse(await readFile(file, "utf8")) as { abi: unknown[] }).abi;
}

/** Reads one Ignition deployment directory (chain-<id>) into addresses + first block. */
async function readIgnitionDeployment(dir: string): Promise<Deployment> {
  const addresses = JSON.parse(await readFile(path.join(dir, "deployed_addresses.json"), "utf8")) as Record<
    string,
    string
  >;
  const journal = await readFile(path.join(dir, "journal.jsonl"), "utf8");
  const blocks = journal
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { type?: string; futureId?: string; receipt?: { blockNumber?: number } })
    .filter((entry) => entry.type === "TRANSACTION_CONFIRM" && entry.futureId?.startsWith(`${MODULE_ID}#`))
    .map((entry) => entry.receipt?.blockNumber)
    .filter((block): block is number => typeof block === "number");
  const address = (key: keyof typeof CONTRACTS): `0x${string}` => {
    const value = addresses[`${MODULE_ID}#${CONTRACTS[key]}`];
    if (value === undefined) throw new GenerateContractsError(`${dir}: ${CONTRACTS[key]} is not deployed.`);
    return getAddress(value);
  };
  if (blocks.length === 0) throw new GenerateContractsError(`${dir}: no confirmed deployment in journal.jsonl.`);
  return {
    keyDirectory: address("keyDirectory"),
    channelRegistry: address("channelRegistry"),
    fromBlock: Math.min(...blocks),
  };
}

/**
 * Every known deployment by chain id: the fixed local one (31337) plus each committed Ignition
 * deployment under scripts/ignition/deployments/chain-<id>/ (the local journal is ignored).
 */
export async function readDeployments(): Promise<Map<number, Deployment>> {
  const deployments = new Map<number, Deployment>([[LOCAL_CHAIN_ID, localDeployment()]]);
  if (!existsSync(DEPLOYMENTS_DIR)) return deployments;
  for (const entry of (await readdir(DEPLOYMENTS_DIR)).sort()) {
    const match = /^chain-(\d+)$/.exec(entry);
    if (match === null || Number(match[1]) === LOCAL_CHAIN_ID) continue;
    deployments.set(Number(match[1]), await readIgnitionDeployment(path.join(DEPLOYMENTS_DIR, entry)));
  }
  return deployments;
}

const HEADER = [
  "// generated — do not edit. Source: artifacts/ and scripts/ignition/deployments/;",
  "// regenerate with `npm run generate` (checked by `npm run check:generated`).",
  "",
];

/** The full text of each generated file (GENERATED_PATH, DEPLOYMENTS_PATH), by path. */
export async function generatedSources(): Promise<Map<string, string>> {
  const [keyDirectoryAbi, channelRegistryAbi, deployments] = await Promise.all([
    readAbi(CONTRACTS.keyDirectory),
    readAbi(CONTRACTS.channelRegistry),
    readDeployments(),
  ]);
  const chains = [...deployments.entries()]
    .sort(([a], [b]) => a - b)
    .map(
      ([chainId, d]) =>
        `  ${chainId}: {\n    keyDirectory: "${d.keyDirectory}",\n    channelRegistry: "${d.channelRegistry}",\n    fromBlock: ${d.fromBlock},\n  },`,
    )
    .join("\n");
  const abis = [
    ...HEADER,
    `export const keyDirectoryAbi = ${JSON.stringify(keyDirectoryAbi, null, 2)} as const;`,
    "",
    `export const channelRegistryAbi = ${JSON.stringify(channelRegistryAbi, null, 2)} as const;`,
    "",
    'export { deployments, type DeploymentChainId } from "./deployments.js";',
    "",
  ];
  const addresses = [
    ...HEADER,
    "/** Deployed addresses and the block to read logs from, by chain id. */",
    `export const deployments = {\n${chains}\n} as const;`,
    "",
    "export type DeploymentChainId = keyof typeof deployments;",
    "",
  ];
  return new Map([
    [GENERATED_PATH, abis.join("\n")],
    [DEPLOYMENTS_PATH, addresses.join("\n")],
  ]);
}

/** The generated files whose text on disk differs from `sources` (missing ones included). */
export async function staleGenerated(sources: Map<string, string>): Promise<string[]> {
  const stale: string[] = [];
  for (const [file, text] of sources) {
    if (!existsSync(file) || (await readFile(file, "utf8")) !== text) stale.push(file);
  }
  return stale;
}

/** Writes the stale generated files; returns their paths relative to the repository root (none: all up to date). */
export async function writeGenerated(): Promise<string[]> {
  const sources = await generatedSources();
  const stale = await staleGenerated(sources);
  for (const file of stale) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, sources.get(file)!);
  }
  return stale.map((file) => path.relative(ROOT, file));
}
