import { hexToBytes, keccak256, toHex, type Address, type Hex, type Log } from "viem";
import { fakeAddress, filler, packBatch, sortAddresses, wrappedCid } from "./bytes.js";
import type { CairnDeployment } from "./deployCairn.js";

/** One measured operation. Per-message / per-member rows divide gas and floor by the count. */
export interface GasMeasurement {
  operation: string;
  gasUsed: number;
  floor: number;
  /** Budget or design target, when there is one. */
  target?: number;
}

/**
 * Budgets (Hardhat 3 EDR, default hardfork, 64-byte wrapped CIDs as in every earlier measurement):
 * a typical post, a batch of 100 and a session-key post in an active channel, and the original
 * design targets of channel creation and joining, which the pointer chains put further out of reach.
 */
export const GAS_TARGETS = {
  post: 31_000,
  postBatch100PerMessage: 2_900,
  postAs: 33_500,
  createChannel: 75_000,
  join: 46_000,
} as const;

/** EVM prices (EIP-2929 / EIP-2200 / EIP-3529 / EIP-7623) used by the floor formula. */
export const EVM = {
  txBase: 21_000,
  calldataZero: 4,
  calldataNonZero: 16,
  calldataFloorPerToken: 10,
  coldSload: 2_100,
  sstoreSet: 20_000,
  sstoreReset: 2_900,
  clearRefund: 4_800,
  log: 375,
  logTopic: 375,
  logDataByte: 8,
} as const;

/**
 * The least gas any implementation of the same interface could use for a transaction:
 *   max( 21000 + calldata(4/zero byte, 16/non-zero byte) + storage + Σ logs − refund,
 *        21000 + 10 × (zero bytes + 4 × non-zero bytes) )            ← EIP-7623 calldata floor
 * where Σ logs = Σ (375 + 375 × topics + 8 × data bytes) over the events the interface requires
 * (taken from the receipt) and `storage` counts only the unavoidable slot accesses of the
 * operation (cold reads 2100, fresh writes 20000, rewrites 2900, clearing refunds 4800).
 * Opcode execution, ABI decoding and memory are left out, so every real contract is above it.
 */
export function gasFloor(input: Hex, logs: readonly Log[], storage: number, refund = 0): number {
  const bytes = hexToBytes(input);
  const zero = bytes.filter((b) => b === 0).length;
  const nonZero = bytes.length - zero;
  const logCost = logs.reduce(
    (sum, log) => sum + EVM.log + EVM.logTopic * log.topics.length + EVM.logDataByte * hexToBytes(log.data).length,
    0,
  );
  const standard = EVM.txBase + EVM.calldataZero * zero + EVM.calldataNonZero * nonZero + storage + logCost - refund;
  const calldataFloor = EVM.txBase + EVM.calldataFloorPerToken * (zero + 4 * nonZero);
  return Math.max(standard, calldataFloor);
}

const META = filler(16, 1);
const PUBLIC_KEY = filler(32, 2);
/** A sealed epoch key: ephemeral X25519 key 32 + IV 12 + key 32 + tag 16. */
const SEALED_KEY = filler(92, 3);
/** Wrapped CIDs of epoch 1: 64 bytes (the budgets' size), and 69 (a wrapped CIDv1 raw sha2-256, what Cairn posts). */
const CID = wrappedCid(1, 64, 4);
const CAIRN_CID = wrappedCid(1, 69, 4);
const cids = (count: number, length = 64) => Array.from({ length: count }, (_, i) => wrappedCid(1, length, 100 + i));
/** Random-looking salts, as clients draw them. */
const salt = (n: number): Hex => keccak256(toHex(`cairn-gas-salt-${n}`));

/** A slot written for the first time, and one rewritten (both cold). */
const NEW_SLOT = EVM.coldSload + EVM.sstoreSet;
const REWRITE = EVM.coldSload + EVM.sstoreReset;

/**
 * Storage each operation cannot avoid (see gasFloor), the pointer chains included: a channel's
 * state event rewrites its block slot, a membership change the account's, a public creation the
 * directory's; a message in a new window rewrites the channel slot.
 */
const STORAGE = {
  // member record and channel slot (epoch, rekey flag, window)
  post: 2 * EVM.coldSload,
  postNewWindow: EVM.coldSload + REWRITE,
  postAs: 3 * EVM.coldSload,
  // new channel slot, new block slot, new creator member slot; creator's membership block
  createPrivate: 3 * NEW_SLOT + REWRITE,
  // … and the directory block
  createPublic: 3 * NEW_SLOT + 2 * REWRITE,
  // the very first: every slot written for the first time
  createFirst: 5 * NEW_SLOT,
  // new channel, block, pair and two member slots; both membership blocks
  createDirect: 5 * NEW_SLOT + 2 * REWRITE,
  // channel rewrite (member count), new member slot, block slot, membership block
  addMember: REWRITE + NEW_SLOT + 2 * REWRITE,
  // channel rewrite, member slot cleared (refund), block slot, membership block
  removeMember: 4 * REWRITE,
  // channel rewrite (epoch), block slot; one cold member read per listed member
  rotate: 2 * REWRITE,
  // channel and member reads, block slot
  share: 2 * EVM.coldSload + REWRITE,
} as const;

type Measure = (
  operation: string,
  sent: Promise<Hex>,
  storage: number,
  options?: { per?: number; refund?: number; target?: number },
) => Promise<void>;

/** A `measure` function that sends, waits, and appends one row (gas and floor) to `rows`. */
function gasMeter(cairn: CairnDeployment): { measure: Measure; rows: GasMeasurement[] } {
  const { publicClient } = cairn;
  const rows: GasMeasurement[] = [];
  const measure: Measure = async (operation, sent, storage, options = {}) => {
    const hash = await sent;
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${operation} reverted`);
    const { input } = await publicClient.getTransaction({ hash });
    const per = options.per ?? 1;
    const row: GasMeasurement = {
      operation,
      gasUsed: Math.round(Number(receipt.gasUsed) / per),
      floor: Math.round(gasFloor(input, receipt.logs, storage, options.refund) / per),
    };
    if (options.target !== undefined) row.target = options.target;
    rows.push(row);
  };
  return { measure, rows };
}

/**
 * Runs every benchmarked operation once on `cairn` (a fresh deployment) and returns gas and
 * floor per row: the registry's, then the KeyDirectory's. Every account has a membership before
 * the measured operations, so they show the steady state of the pointer chains (slots rewritten,
 * not created); the very first channel is listed separately.
 */
export async function measureGas(cairn: CairnDeployment): Promise<GasMeasurement[]> {
  return [...(await measureRegistryGas(cairn)), ...(await measureKeyDirectoryGas(cairn))];
}

/** Mines empty blocks until the next transaction is the first of a message window. */
async function mineToNextWindow(cairn: CairnDeployment) {
  const windowBlocks = BigInt(await cairn.registry.read.windowBlocks());
  const next = (await cairn.publicClient.getBlockNumber()) + 1n;
  const gap = (windowBlocks - (next % windowBlocks)) % windowBlocks;
  if (gap > 0n) await cairn.connection.networkHelpers.mine(gap);
}

async function measureRegistryGas(cairn: CairnDeployment): Promise<GasMeasurement[]> {
  const { registry, publicClient, wallets } = cairn;
  const [admin, member, sessionKey, peer] = wallets;
  const { measure, rows } = gasMeter(cairn);
  const as = (wallet: (typeof wallets)[number]) => ({ account: wallet.account });
  const adminAddress = admin.account.address;
  let salts = 0;
  const nextSalt = () => salt(salts++);
  /** Creates a channel of `creator` (unmeasured); returns its id. */
  const prepare = async (send: (salt: Hex) => Promise<Hex>, creator: Address = adminAddress) => {
    const chosen = nextSalt();
    await publicClient.waitForTransactionReceipt({ hash: await send(chosen) });
    return registry.read.channelIdFor([creator, chosen]);
  };

  await measure(
    "createChannel (the very first: public, first membership of its creator)",
    registry.write.createChannel([nextSalt(), true, META, PUBLIC_KEY]),
    STORAGE.createFirst,
  );
  for (const wallet of [member, peer]) await prepare((s) => registry.write.createChannel([s, true, META, PUBLIC_KEY], as(wallet)), wallet.account.address);
  const publicSalt = nextSalt();
  await measure("createChannel (public, 16 B metadata, 32 B key)", registry.write.createChannel([publicSalt, true, META, PUBLIC_KEY]), STORAGE.createPublic, {
    target: GAS_TARGETS.createChannel,
  });
  const publicId = await registry.read.channelIdFor([adminAddress, publicSalt]);
  await measure("createChannel (private, 92 B sealed key)", registry.write.createChannel([nextSalt(), false, META, SEALED_KEY]), STORAGE.createPrivate);
  await measure(
    "createDirectChannel (two 92 B sealed keys)",
    registry.write.createDirectChannel([nextSalt(), peer.account.address, META, SEALED_KEY, SEALED_KEY]),
    STORAGE.createDirect,
  );
  await measure("join (public)", registry.write.join([publicId], as(member)), STORAGE.addMember, { target: GAS_TARGETS.join });

  await registry.write.post([publicId, CID]);
  await mineToNextWindow(cairn);
  await measure("post, first in a new window (64 B wrapped CID)", registry.write.post([publicId, CID]), STORAGE.postNewWindow);
  await measure("post, same window (typical)", registry.write.post([publicId, CID]), STORAGE.post, { target: GAS_TARGETS.post });
  await measure("post, same window, 69 B (a wrapped CIDv1)", registry.write.post([publicId, CAIRN_CID]), STORAGE.post);
  for (const n of [10, 100]) {
    const target = n === 100 ? GAS_TARGETS.postBatch100PerMessage : undefined;
    await measure(`postBatch N=${n} (per message)`, registry.write.postBatch([publicId, packBatch(cids(n))]), STORAGE.post, { per: n, ...(target ? { target } : {}) });
  }
  await measure("postBatch N=100, 69 B (per message)", registry.write.postBatch([publicId, packBatch(cids(100, 69))]), STORAGE.post, { per: 100 });

  const { timestamp } = await publicClient.getBlock();
  await registry.write.authorizeSessionKey([sessionKey.account.address, timestamp + 86_400n]);
  const asKey = as(sessionKey);
  await measure("postAs (session key, same window)", registry.write.postAs([adminAddress, publicId, CID], asKey), STORAGE.postAs, { target: GAS_TARGETS.postAs });
  for (const n of [5, 20, 100]) {
    await measure(`postBatchAs N=${n} (per message)`, registry.write.postBatchAs([adminAddress, publicId, packBatch(cids(n))], asKey), STORAGE.postAs, { per: n });
  }
  await measure("removeMember (public)", registry.write.removeMember([publicId, member.account.address]), STORAGE.removeMember, { refund: EVM.clearRefund });

  const privateId = await prepare((s) => registry.write.createChannel([s, false, META, SEALED_KEY]));
  await measure("addMember (private, 92 B sealed key)", registry.write.addMember([privateId, member.account.address, SEALED_KEY]), STORAGE.addMember);
  await measure("leave (private: sets rekeyRequired)", registry.write.leave([privateId], as(member)), STORAGE.removeMember, { refund: EVM.clearRefund });

  const nine = Array.from({ length: 9 }, (_, i) => fakeAddress(10 + i));
  const ten = sortAddresses([adminAddress, ...nine]);
  const rotateId = await prepare((s) => registry.write.createPrivateChannel([s, META, SEALED_KEY, nine, nine.map(() => SEALED_KEY)]));
  const rotate = () => registry.write.rotateKey([rotateId, ten, ten.map(() => SEALED_KEY)]);
  await measure("rotateKey, 10 members", rotate(), STORAGE.rotate + 10 * EVM.coldSload);
  await measure("rotateKey, 10 members (per member)", rotate(), STORAGE.rotate + 10 * EVM.coldSload, { per: 10 });
  await measure(
    "shareEpochKeys, 2 epochs to one member (history, or its new key)",
    registry.write.shareEpochKeys([rotateId, nine[0]!, [1, 2], [SEALED_KEY, SEALED_KEY]]),
    STORAGE.share,
  );

  const removed = fakeAddress(99);
  const withRemoved = [...nine, removed];
  const removeId = await prepare((s) => registry.write.createPrivateChannel([s, META, SEALED_KEY, withRemoved, withRemoved.map(() => SEALED_KEY)]));
  await measure(
    "removeMemberAndRotate, 10 remaining members",
    registry.write.removeMemberAndRotate([removeId, removed, ten, ten.map(() => SEALED_KEY)]),
    STORAGE.removeMember + 10 * EVM.coldSload,
    { refund: EVM.clearRefund },
  );
  return rows;
}

/** An X25519 public key and an 81-byte passphrase backup (PROTOCOL.md §11), random-looking. */
const IDENTITY_KEY = filler(32, 5);
const OTHER_IDENTITY_KEY = filler(32, 6);
const KEY_BACKUP = filler(81, 7);
/** Slots a stored 81-byte backup cannot avoid: ⌈81 / 32⌉ fresh words. */
const BACKUP_WORDS = Math.ceil(hexToBytes(KEY_BACKUP).length / 32);

/**
 * The KeyDirectory's writes, each from an account in the state it names: a first key, a
 * replacement, a first key with its backup, and a plain replacement of a key that has one
 * (publishKey touches no backup storage, so it must cost the same as the plain replacement).
 * A key record is two slots: the key, then its block and count.
 */
export async function measureKeyDirectoryGas(cairn: CairnDeployment): Promise<GasMeasurement[]> {
  const { keyDirectory, wallets } = cairn;
  const plain = { account: wallets[3]!.account };
  const withBackup = { account: wallets[4]!.account };
  const { measure, rows } = gasMeter(cairn);

  await measure("publishKey (first key)", keyDirectory.write.publishKey([IDENTITY_KEY], plain), 2 * NEW_SLOT);
  await measure("publishKey (replace key)", keyDirectory.write.publishKey([OTHER_IDENTITY_KEY], plain), 2 * REWRITE);
  await measure(
    "publishKeyWithBackup (first key, 81 B backup)",
    keyDirectory.write.publishKeyWithBackup([IDENTITY_KEY, KEY_BACKUP], withBackup),
    2 * NEW_SLOT + BACKUP_WORDS * NEW_SLOT,
  );
  await measure("publishKey (replace a key that has a backup)", keyDirectory.write.publishKey([OTHER_IDENTITY_KEY], withBackup), 2 * REWRITE);
  return rows;
}

/** Markdown table: operation | gasUsed | floor | ratio | target. */
export function gasTable(rows: readonly GasMeasurement[]): string {
  const format = (n: number) => n.toLocaleString("en-US");
  const lines = [
    "| operation | gasUsed | floor | ratio | target |",
    "|---|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.operation} | ${format(r.gasUsed)} | ${format(r.floor)} | ${(r.gasUsed / r.floor).toFixed(3)} | ${
          r.target === undefined ? "" : `${format(r.target)} ${r.gasUsed <= r.target ? "✓" : "✗"}`
        } |`,
    ),
  ];
  return lines.join("\n");
}
