import { describe, expect, it } from "@jest/globals";
import { decodeFunctionData, hexToBytes, toHex } from "viem";
import * as txs from "@cairn/core/chain";
import { publishKeyTx } from "@cairn/core/chain";
import { MAX_KEY_BACKUP_LENGTH, publishKeyWithBackupTx } from "@cairn/core/chain";
import { channelRegistryAbi, keyDirectoryAbi } from "@cairn/core/contracts";
import { BACKUP_LENGTH, InvalidLengthError, InvalidPublicKeyError, unpackBatch } from "@cairn/core/crypto";
import { REGISTRY } from "./registryLogs.js";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;
const SALT = `0x${"5a".repeat(32)}` as const;
const bytes = (length: number, fill: number) => new Uint8Array(length).fill(fill);

const decode = (data: `0x${string}`) => decodeFunctionData({ abi: channelRegistryAbi, data });

describe("registry transaction builders", () => {
  it("encode every call to the registry with its arguments (decodeFunctionData round trip)", () => {
    const cases = [
      [txs.createChannelTx(REGISTRY, { salt: SALT, isPublic: true, metadata: bytes(3, 1), keyMaterial: bytes(33, 2) }), "createChannel", [SALT, true, toHex(bytes(3, 1)), toHex(bytes(33, 2))]],
      [txs.createPrivateChannelTx(REGISTRY, { salt: SALT, metadata: "0x01", creatorKey: "0x02", members: [ALICE], sealedKeys: ["0x03"] }), "createPrivateChannel", [SALT, "0x01", "0x02", [ALICE], ["0x03"]]],
      [txs.createDirectChannelTx(REGISTRY, { salt: SALT, peer: BOB, metadata: "0x01", creatorKey: "0x02", peerKey: "0x03" }), "createDirectChannel", [SALT, BOB, "0x01", "0x02", "0x03"]],
      [txs.updateMetadataTx(REGISTRY, { channelId: 3n, metadata: "0xaa" }), "updateMetadata", [3n, "0xaa"]],
      [txs.joinTx(REGISTRY, { channelId: 3n }), "join", [3n]],
      [txs.leaveTx(REGISTRY, { channelId: 3n }), "leave", [3n]],
      [txs.addMemberTx(REGISTRY, { channelId: 3n, account: ALICE, sealedKey: "0x0101" }), "addMember", [3n, ALICE, "0x0101"]],
      [txs.shareEpochKeysTx(REGISTRY, { channelId: 3n, account: ALICE, epochs: [1, 2], sealedKeys: ["0x01", "0x02"] }), "shareEpochKeys", [3n, ALICE, [1, 2], ["0x01", "0x02"]]],
      [txs.removeMemberTx(REGISTRY, { channelId: 3n, account: BOB }), "removeMember", [3n, BOB]],
      [txs.rotateKeyTx(REGISTRY, { channelId: 3n, members: [ALICE, BOB], sealedKeys: ["0x01", "0x02"] }), "rotateKey", [3n, [ALICE, BOB], ["0x01", "0x02"]]],
      [txs.removeMemberAndRotateTx(REGISTRY, { channelId: 3n, account: BOB, members: [ALICE], sealedKeys: ["0x01"] }), "removeMemberAndRotate", [3n, BOB, [ALICE], ["0x01"]]],
      [txs.transferAdminTx(REGISTRY, { channelId: 3n, newAdmin: BOB }), "transferAdmin", [3n, BOB]],
      [txs.postTx(REGISTRY, { channelId: 3n, wrappedCid: bytes(69, 7) }), "post", [3n, toHex(bytes(69, 7))]],
      [txs.postAsTx(REGISTRY, { wallet: ALICE, channelId: 3n, wrappedCid: "0x0707" }), "postAs", [ALICE, 3n, "0x0707"]],
      [txs.authorizeSessionKeyTx(REGISTRY, { key: BOB, expiry: 1_900_000_000n }), "authorizeSessionKey", [BOB, 1_900_000_000n]],
      [txs.revokeSessionKeyTx(REGISTRY, { key: BOB }), "revokeSessionKey", [BOB]],
    ] as const;
    for (const [tx, functionName, args] of cases) {
      expect(tx.to).toBe(REGISTRY);
      expect(tx.value).toBeUndefined();
      const decoded = decode(tx.data);
      expect(decoded.functionName).toBe(functionName);
      expect(decoded.args).toEqual(args);
    }
  });

  it("packs batches so that unpackBatch gives the wrapped CIDs back", () => {
    const wrappedCids = [bytes(69, 1), bytes(69, 2), bytes(40, 3)];
    const cases = [
      [txs.postBatchTx(REGISTRY, { channelId: 9n, wrappedCids }), "postBatch", [9n]],
      [txs.postBatchAsTx(REGISTRY, { wallet: ALICE, channelId: 9n, wrappedCids }), "postBatchAs", [ALICE, 9n]],
    ] as const;
    for (const [tx, name, leading] of cases) {
      const { functionName, args } = decode(tx.data);
      expect(functionName).toBe(name);
      expect(args.slice(0, -1)).toEqual(leading);
      expect(unpackBatch(hexToBytes(args.at(-1) as `0x${string}`))).toEqual(wrappedCids);
    }
  });

  it("sends a session key's funding as the transaction's value", () => {
    const tx = txs.authorizeSessionKeyTx(REGISTRY, { key: BOB, expiry: 1n, funding: 5n });
    expect(tx.value).toBe(5n);
    expect(decode(tx.data).args).toEqual([BOB, 1n]);
  });
});

describe("publishKeyTx", () => {
  it("encodes publishKey(bytes32) to the key directory", () => {
    const tx = publishKeyTx(REGISTRY, { publicKey: bytes(32, 9) });
    const { functionName, args } = decodeFunctionData({ abi: keyDirectoryAbi, data: tx.data });
    expect(functionName).toBe("publishKey");
    expect(args).toEqual([toHex(bytes(32, 9))]);
  });
  it("refuses a key that is not 32 bytes", () => {
    expect(() => publishKeyTx(REGISTRY, { publicKey: bytes(31, 9) })).toThrow(InvalidPublicKeyError);
  });
});

describe("publishKeyWithBackupTx", () => {
  it("encodes publishKeyWithBackup(bytes32, bytes) to the key directory", () => {
    const tx = publishKeyWithBackupTx(REGISTRY, { publicKey: bytes(32, 9), backup: bytes(BACKUP_LENGTH, 5) });
    expect(tx.to).toBe(REGISTRY);
    const { functionName, args } = decodeFunctionData({ abi: keyDirectoryAbi, data: tx.data });
    expect(functionName).toBe("publishKeyWithBackup");
    expect(args).toEqual([toHex(bytes(32, 9)), toHex(bytes(BACKUP_LENGTH, 5))]);
  });
  it("accepts the contract's bounds and refuses backups outside them, and keys that are not 32 bytes", () => {
    for (const length of [1, MAX_KEY_BACKUP_LENGTH])
      expect(() => publishKeyWithBackupTx(REGISTRY, { publicKey: bytes(32, 9), backup: bytes(length, 5) })).not.toThrow();
    for (const length of [0, MAX_KEY_BACKUP_LENGTH + 1])
      expect(() => publishKeyWithBackupTx(REGISTRY, { publicKey: bytes(32, 9), backup: bytes(length, 5) })).toThrow(InvalidLengthError);
    expect(() => publishKeyWithBackupTx(REGISTRY, { publicKey: bytes(33, 9), backup: bytes(BACKUP_LENGTH, 5) })).toThrow(InvalidPublicKeyError);
  });
});
