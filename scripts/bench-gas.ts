/**
 * Gas benchmark of the Cairn contracts on the simulated Hardhat network (default hardfork).
 * Prints operation | gasUsed | floor | ratio | target and rewrites the "## Gas" section of
 * docs/BENCHMARKS.md (other sections are left alone).
 *
 *   npm run bench:gas
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { deployCairn } from "./contracts/deployCairn.js";
import { ROOT } from "./contracts/generatedSource.js";
import { gasTable, measureGas } from "./contracts/measureGas.js";

const BENCHMARKS = path.join(ROOT, "docs", "BENCHMARKS.md");

const cairn = await deployCairn();
const rows = await measureGas(cairn);
const { networkConfig } = cairn.connection;
const hardfork = networkConfig.type === "edr-simulated" ? networkConfig.hardfork : "unknown";
const table = gasTable(rows);
console.log(table);

const section = [
  "## Gas",
  "",
  `Measured by \`npm run bench:gas\` (scripts/bench-gas.ts) on the Hardhat 3 simulated network (EDR, default hardfork: ${hardfork}),`,
  "contracts deployed by the production Ignition module, solc 0.8.28 via-IR, optimizer runs 2^32−1. Random-looking",
  "(non-zero) payload bytes: 64-byte wrapped CIDs, 16-byte metadata, 32-byte public key, 92-byte sealed keys, 81-byte key backup.",
  "Per-message and per-member rows divide the transaction's gas (and floor) by the count.",
  "",
  table,
  "",
  "**Floor** = the least any implementation of the same interface could pay:",
  "`max(21000 + calldata + storage + Σ logs − refund, 21000 + 10 × calldata tokens)`, with calldata at 4 gas per zero",
  "byte and 16 per non-zero byte, Σ logs = Σ (375 + 375 × topics + 8 × data bytes) over the events the interface",
  "requires (read from the receipt), and storage = only the unavoidable slot accesses (post: one cold read of the",
  "sender's member record; postAs: that plus the session-key record; createChannel: counter read+rewrite, new channel",
  "slot, new creator member slot; join/addMember: channel read+rewrite, new member slot; removeMember: channel",
  "read+rewrite, member read+clear (−4800 refund); rotations: channel read+rewrite plus one cold member read per",
  "listed member; shareEpochKeys: cold reads of the channel and the member). The second term is the EIP-7623",
  "calldata floor: large batches sit on it, which is why",
  "postBatch N=100 costs ≈ 10 gas × 4 tokens × 65 bytes per message.",
  "",
  "Two targets are unreachable with this interface, because their floor alone is above the target:",
  "createChannel's floor is ≈ 75.1k before a single opcode runs (three storage writes, 49.2k, plus the ChannelCreated",
  "log carrying metadata and key), and join's is ≈ 49.8k (a cold read of the channel to check it is public, a new",
  "member slot, the memberCount rewrite; still ≈ 46.9k without memberCount). Both are within 2.5 % of their floor.",
  "postAs meets its target only thanks to the hash-free member slot and the branch-free id guard: solc's linear",
  "selector dispatch (postAs is the 9th comparison) and ABI decoding of (address, uint256, bytes) cost ≈ 550 gas.",
  "",
  "KeyDirectory: floors count the key slot (cold read + fresh write, or rewrite) and, for publishKeyWithBackup, ⌈81/32⌉ = 3",
  "fresh words for the backup. The 1.2 ratio there is Solidity's `bytes` layout: a fourth fresh slot for the length (22.1k);",
  "it is paid once, when a passphrase-protected key is set up. Backups are stored per (account, key), so publishKey never",
  "touches backup storage: a plain replacement costs the same whether or not the old key had a backup, and the backup",
  "support adds 24 gas to publishKey (one more selector in the dispatch; 45,631 → 45,655 for a first key). Clearing a",
  "backup slot on every publishKey instead (one cold read even when there is none) measured +2,290 gas.",
  "",
].join("\n");

const current = existsSync(BENCHMARKS) ? await readFile(BENCHMARKS, "utf8") : "# Benchmarks\n\n";
const start = current.indexOf("## Gas");
let updated: string;
if (start === -1) {
  updated = `${current.trimEnd()}\n\n${section}`;
} else {
  const next = current.indexOf("\n## ", start + 1);
  updated = current.slice(0, start) + section + (next === -1 ? "" : `\n${current.slice(next + 1)}`);
}
await writeFile(BENCHMARKS, updated);
console.log(`\nUpdated the "## Gas" section of ${path.relative(ROOT, BENCHMARKS)}.`);
