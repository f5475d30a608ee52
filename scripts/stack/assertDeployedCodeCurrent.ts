/**
 * Checks that the contracts on a running chain are the ones built from the current sources.
 * A chain restored from its journal keeps the bytecode it was deployed with, and Ignition's
 * journal reports those deployments complete even when the sources changed since: the app
 * would then call functions the chain does not have.
 *
 * Bytecode is compared without its trailing CBOR metadata (the compiler's hash of the sources
 * and settings), so a change in comments alone does not count as a change, and with the
 * immutables (constructor arguments such as the registry's KeyDirectory) zeroed as in the artifact.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createPublicClient, http, type Hex } from "viem";
import { DeployedCodeOutdatedError } from "./errors.js";
import { repoRoot } from "./repoRoot.js";

/** Runtime bytecode without the CBOR metadata whose length the last two bytes give. */
function withoutMetadata(code: Hex): string {
  const hex = code.toLowerCase().replace(/^0x/, "");
  if (hex.length < 4) return hex;
  const metadataBytes = Number.parseInt(hex.slice(-4), 16) + 2;
  return metadataBytes * 2 <= hex.length ? hex.slice(0, hex.length - metadataBytes * 2) : hex;
}

type ImmutableReferences = Record<string, { start: number; length: number }[]>;

async function artifactCode(contractName: string): Promise<{ code: Hex; immutables: ImmutableReferences }> {
  const file = join(repoRoot, "artifacts", "contracts", `${contractName}.sol`, `${contractName}.json`);
  const artifact = JSON.parse(await readFile(file, "utf8")) as { deployedBytecode: Hex; immutableReferences?: ImmutableReferences };
  return { code: artifact.deployedBytecode, immutables: artifact.immutableReferences ?? {} };
}

/** Deployed code with the bytes of every immutable set to zero, as the artifact has them. */
function withoutImmutables(code: Hex, immutables: ImmutableReferences): Hex {
  let hex = code.toLowerCase();
  for (const { start, length } of Object.values(immutables).flat()) {
    const from = 2 + start * 2;
    hex = `${hex.slice(0, from)}${"0".repeat(length * 2)}${hex.slice(from + length * 2)}`;
  }
  return hex as Hex;
}

/**
 * Throws {@link DeployedCodeOutdatedError} naming every contract whose code differs.
 * `addresses` maps Ignition future ids (`Cairn#KeyDirectory`) to addresses.
 */
export async function assertDeployedCodeCurrent(rpcUrl: string, addresses: Record<string, Hex>): Promise<void> {
  const client = createPublicClient({ transport: http(rpcUrl) });
  const outdated: string[] = [];
  for (const [futureId, address] of Object.entries(addresses)) {
    const contractName = futureId.split("#").at(-1)!;
    const [deployed, built] = await Promise.all([client.getCode({ address }), artifactCode(contractName)]);
    if (withoutMetadata(withoutImmutables(deployed ?? "0x", built.immutables)) !== withoutMetadata(built.code)) outdated.push(contractName);
  }
  if (outdated.length > 0) throw new DeployedCodeOutdatedError(outdated);
}
