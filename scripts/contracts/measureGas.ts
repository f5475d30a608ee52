import { hexToBytes, type Hex, type Log } from "viem";
import { fakeAddress, filler, packBatch, sortAddresses } from "./bytes.js";
import type { CairnDeployment } from "./deployCairn.js";

/** One measured operation. Per-message / per-member rows divide gas and floor by the count. */
export interface GasMeasurement {
  operation: string;
  gasUsed: number;
  floor: number;
  /** Design target (DESIGN §4), when there is one. */
  target?: number;
}

/** Design targets from DESIGN §4 (Hardhat 3 EDR, default hardfork, 64-byte wrapped CID). */
export const GAS_TARGETS = {
  post: 27_950,
  postBatch100PerMessage: 2_900,
  postAs: 30_500,
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
const CID = filler(64, 4);
const cids = (count: number) => Array.from({ length: count }, (_, i) => filler(64, 100 + i));

/** Storage each operation cannot avoid (see gasFloor). */
const STORAGE = {
  post: EVM.coldSload,
  postAs: 2 * EVM.coldSload,
  // counter (read + rewrite), new channel slot, new creator member slot
  createChannel: EVM.coldSload + EVM.sstoreReset + 2 * (EVM.coldSload + EVM.sstoreSet),
  // channel slot read + memberCount rewrite, new member slot
  addMember: EVM.coldSload + EVM.sstoreReset + EVM.coldSload + EVM.sstoreSet,
  // channel slot read + memberCount rewrite, member slot read + clear
  removeMember: 2 * (EVM.coldSload + EVM.sstoreReset),
  // channel slot read + epoch rewrite
  rotate: EVM.coldSload + EVM.sstoreReset,
  // channel slot read, member slot read
  share: 2 * EVM.coldSload,
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
 * floor per row: the registry's, then the KeyDirectory's. Channels are created before they are
 * measured, so `createChannel` shows the steady state (counter already non-zero); the very first
 * channel is listed separately.
 */
export async function measureGas(cairn: CairnDeployment): Promise<GasMeasurement[]> {
  return [...(await measureRegistryGas(cairn)), ...(await measureKeyDirectoryGas(cairn))];
}

async function measureRegistryGas(cairn: CairnDeployment): Promise<GasMeasurement[]> {
  const { registry, publicClient, wallets } = cairn;
  const [admin, member, sessionKey] = wallets;
  const { measure, rows } = gasMeter(cairn);
  const lastChannel = async () => registry.read.channelCount();

  await measure("createChannel (first channel ever)", registry.write.createChannel([true, META, PUBLIC_KEY]), STORAGE.createChannel + EVM.sstoreSet - EVM.sstoreReset);
  await measure("createChannel (public, 16 B metadata, 32 B key)", registry.write.createChannel([true, META, PUBLIC_KEY]), STORAGE.createChannel, { target: GAS_TARGETS.createChannel });
  const publicId = await lastChannel();
  await measure("join (public)", registry.write.join([publicId], { account: member.account }), STORAGE.addMember, { target: GAS_TARGETS.join });

  await measure("post (64 B wrapped CID)", registry.write.post([publicId, CID]), STORAGE.post, { target: GAS_TARGETS.post });
  for (const n of [10, 100]) {
    const target = n === 100 ? GAS_TARGETS.postBatch100PerMessage : undefined;
    await measure(`postBatch N=${n} (per message)`, registry.write.postBatch([publicId, packBatch(cids(n))]), STORAGE.post, { per: n, ...(target ? { target } : {}) });
  }

  const { timestamp } = await publicClient.getBlock();
  await registry.write.authorizeSessionKey([sessionKey.account.address, timestamp + 86_400n]);
  const asKey = { account: sessionKey.account };
  await measure("postAs (session key, 64 B CID)", registry.write.postAs([admin.account.address, publicId, CID], asKey), STORAGE.postAs, { target: GAS_TARGETS.postAs });
  for (const n of [5, 20, 100]) {
    await measure(`postBatchAs N=${n} (per message)`, registry.write.postBatchAs([admin.account.address, publicId, packBatch(cids(n))], asKey), STORAGE.postAs, { per: n });
  }

  await registry.write.createChannel([false, META, SEALED_KEY]);
  const privateId = await lastChannel();
  await measure("addMember (private, 92 B sealed key)", registry.write.addMember([privateId, fakeAddress(1), SEALED_KEY]), STORAGE.addMember);
  await measure("removeMember", registry.write.removeMember([privateId, fakeAddress(1)]), STORAGE.removeMember, { refund: EVM.clearRefund });

  const nine = Array.from({ length: 9 }, (_, i) => fakeAddress(10 + i));
  await registry.write.createPrivateChannel([META, SEALED_KEY, nine, nine.map(() => SEALED_KEY)]);
  const rotateId = await lastChannel();
  const ten = sortAddresses([admin.account.address, ...nine]);
  const rotate = () => registry.write.rotateKey([rotateId, ten, ten.map(() => SEALED_KEY)]);
  await measure("rotateKey, 10 members", rotate(), STORAGE.rotate + 10 * EVM.coldSload);
  await measure("rotateKey, 10 members (per member)", rotate(), STORAGE.rotate + 10 * EVM.coldSload, { per: 10 });
  await measure(
    "shareEpochKeys, 2 epochs to one member (history, or its new key)",
    registry.write.shareEpochKeys([rotateId, nine[0]!, [1n, 2n], [SEALED_KEY, SEALED_KEY]]),
    STORAGE.share,
  );

  const removed = fakeAddress(99);
  await registry.write.createPrivateChannel([META, SEALED_KEY, [...nine, removed], [...nine, removed].map(() => SEALED_KEY)]);
  const removeId = await lastChannel();
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
 */
export async function measureKeyDirectoryGas(cairn: CairnDeployment): Promise<GasMeasurement[]> {
  const { keyDirectory, wallets } = cairn;
  const plain = { account: wallets[3]!.account };
  const withBackup = { account: wallets[4]!.account };
  const { measure, rows } = gasMeter(cairn);
  const newSlot = EVM.coldSload + EVM.sstoreSet;
  const rewrite = EVM.coldSload + EVM.sstoreReset;

  await measure("publishKey (first key)", keyDirectory.write.publishKey([IDENTITY_KEY], plain), newSlot);
  await measure("publishKey (replace key)", keyDirectory.write.publishKey([OTHER_IDENTITY_KEY], plain), rewrite);
  await measure(
    "publishKeyWithBackup (first key, 81 B backup)",
    keyDirectory.write.publishKeyWithBackup([IDENTITY_KEY, KEY_BACKUP], withBackup),
    newSlot + BACKUP_WORDS * newSlot,
  );
  await measure("publishKey (replace a key that has a backup)", keyDirectory.write.publishKey([OTHER_IDENTITY_KEY], withBackup), rewrite);
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
