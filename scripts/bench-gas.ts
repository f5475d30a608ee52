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
  "(non-zero) payload bytes: 16-byte metadata, 32-byte public key, 92-byte sealed keys, 81-byte key backup, 32-byte salts;",
  "64-byte wrapped CIDs (a version byte and the uint32 epoch, then random-looking bytes; one row with Cairn's 69 bytes).",
  "Message windows of 1,000 blocks (the Ignition module's default `windowBlocks`).",
  "Per-message and per-member rows divide the transaction's gas (and floor) by the count.",
  "",
  table,
  "",
  "**Floor** = the least any implementation of the same interface could pay:",
  "`max(21000 + calldata + storage + Σ logs − refund, 21000 + 10 × calldata tokens)`, with calldata at 4 gas per zero",
  "byte and 16 per non-zero byte, Σ logs = Σ (375 + 375 × topics + 8 × data bytes) over the events the interface",
  "requires (read from the receipt, the pointer-chain links included), and storage = only the unavoidable slot accesses",
  "(cold read 2100, fresh write 22100 with its read, rewrite 5000 with its read, clearing refunds 4800). The pointer",
  "chains are part of the interface (the views `channelInfo`, `lastMembershipBlock`, `lastPublicChannelBlock`), so their",
  "slots count: post: cold reads of the sender's member record and of the channel slot (epoch, re-key flag, message",
  "window); a post in a new window rewrites the channel slot; postAs: also the session-key record; createChannel: new",
  "channel, block and creator member slots, the creator's membership block rewritten, and for a public channel the",
  "directory block; createDirectChannel: also the pair and the peer's member slot and membership block; join/addMember:",
  "channel rewrite, new member slot, the channel's state block and the account's membership block; removeMember/leave:",
  "the same with the member slot cleared (−4800 refund); rotations: channel and state block rewrites plus one cold",
  "member read per listed member; shareEpochKeys: cold reads of the channel and the member, the state block rewrite.",
  "Every row but the very first shows the steady state: each account already has a membership, so its membership",
  "block is rewritten, not created. The second term is the EIP-7623 calldata floor: large batches sit on it, which is",
  "why postBatch N=100 costs ≈ 10 gas × 4 tokens × 65 bytes per message.",
  "",
  "**Messages.** A typical post (same window) costs 30,295 gas, 2,538 more than before the v2 registry (27,757): the",
  "post now reads the channel slot (2,100, cold) to refuse a wrapped CID of another epoch (`ChannelStaleEpoch`) and a",
  "private channel waiting for a new key (`ChannelRekeyRequired`), and to see whether it opens a new window. The worst",
  "case, the first post of a channel in a new window, adds the channel slot rewrite (2,900) and `MessagesLinked`",
  "(1,381): 34,644. postAs is 33,064 and a message in a batch of 100 2,739, both under their budgets (33,500, 2,900).",
  "Cairn's own wrapped CIDs are 69 bytes (a wrapped CIDv1): 450 gas more per post, and a batch of 100 then sits on its",
  "calldata floor at 2,937 per message, so the 2,900 budget holds for 64-byte payloads only. The hot path keeps the",
  "hash-free member slot and reads the channel slot once in assembly (−224 gas against reading the struct field by",
  "field); the selector dispatch and ABI decoding cost the rest above the floor.",
  "",
  "**Channels and membership.** The original targets of createChannel (75,000) and join (46,000) are further out of",
  "reach: their floors alone are 105,462 and 63,073. Every state event of a channel moves its state block (a rewrite",
  "and `ChannelLinked` when the block changes) and every membership change moves the account's block (a rewrite and",
  "`AccountLinked`); creating a channel also writes its block slot (created, metadata, state block). These are what",
  "let a fresh device find a channel's state, an account's channels and the public directory without scanning empty",
  "block ranges; the rows stay within 2–5 % of their floors (rotations 10 %: one cold member read and one",
  "`EpochKeyShared` per member, plus the loop over two calldata arrays). The very first channel of a creator pays",
  "fresh slots for its membership block and the directory block (143,820).",
  "",
  "KeyDirectory: a key record is two slots, the key and (block, count) for `keyRecordOf`, so a first key costs two fresh",
  "words (68,114) and a replacement two rewrites (33,914); before `keyRecordOf` and the small-order check they were",
  "45,655 and 28,555. For publishKeyWithBackup the floor counts ⌈81/32⌉ = 3",
  "fresh words for the backup; the 1.17 ratio is Solidity's `bytes` layout, a fourth fresh slot for the length, paid",
  "once when a passphrase-protected key is set up. Backups are stored per (account, key), so publishKey never touches",
  "backup storage: a plain replacement costs the same whether or not the old key had a backup.",
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
