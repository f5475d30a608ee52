import { describe, expect, it } from "@jest/globals";
import { MemoryBlockstore } from "blockstore-core/memory";
import { CID } from "multiformats/cid";
import { identity } from "multiformats/hashes/identity";
import { sha256 } from "multiformats/hashes/sha2";
import {
  BlockHashMismatchError,
  BlockNotFoundError,
  BlockUnavailableError,
  createStorage,
  InvalidCidError,
  IpfsAbortedError,
  parseCid,
  RAW_CODEC,
  UnsupportedHashError,
} from "@cairn/core/ipfs";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("createStorage", () => {
  it("stores raw blocks under CIDv1/raw/sha2-256 and reads them back", async () => {
    const blockstore = new MemoryBlockstore();
    const storage = createStorage({ blockstore });
    const cid = await storage.putBlock(bytes("ciphertext"));
    expect(cid.version).toBe(1);
    expect(cid.code).toBe(RAW_CODEC);
    expect(cid.multihash.code).toBe(sha256.code);
    expect(cid.equals(CID.createV1(RAW_CODEC, await sha256.digest(bytes("ciphertext"))))).toBe(true);
    expect(await storage.getBlock(cid)).toEqual(bytes("ciphertext"));
    expect(await storage.getBlock(cid.toString())).toEqual(bytes("ciphertext"));
    expect(await storage.getBlock(cid.bytes)).toEqual(bytes("ciphertext"));
    expect(await storage.hasBlock(cid)).toBe(true);
  });

  it("gives the known CID for a known block (vector)", async () => {
    const storage = createStorage({ blockstore: new MemoryBlockstore() });
    const cid = await storage.putBlock(bytes("hello"));
    expect(cid.toString()).toBe("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
  });

  it("rejects a block whose bytes do not match its CID", async () => {
    const blockstore = new MemoryBlockstore();
    const storage = createStorage({ blockstore });
    const cid = await storage.putBlock(bytes("original"));
    await blockstore.put(cid, bytes("tampered"));
    await expect(storage.getBlock(cid)).rejects.toBeInstanceOf(BlockHashMismatchError);
  });

  it("reports a missing block as BlockNotFoundError", async () => {
    const storage = createStorage({ blockstore: new MemoryBlockstore() });
    const cid = CID.createV1(RAW_CODEC, await sha256.digest(bytes("never stored")));
    await expect(storage.getBlock(cid)).rejects.toBeInstanceOf(BlockNotFoundError);
    expect(await storage.hasBlock(cid)).toBe(false);
  });

  it("gives up with BlockUnavailableError when the store does not answer in time", async () => {
    const hanging = { get: () => new Promise<Uint8Array>(() => undefined), put: () => undefined, has: () => false };
    const storage = createStorage({ blockstore: hanging });
    const cid = CID.createV1(RAW_CODEC, await sha256.digest(bytes("x")));
    await expect(storage.getBlock(cid, { timeoutMs: 50 })).rejects.toBeInstanceOf(BlockUnavailableError);
  });

  it("turns cancellation into IpfsAbortedError", async () => {
    const hanging = { get: () => new Promise<Uint8Array>(() => undefined), put: () => undefined, has: () => false };
    const storage = createStorage({ blockstore: hanging });
    const cid = CID.createV1(RAW_CODEC, await sha256.digest(bytes("x")));
    const controller = new AbortController();
    const pending = storage.getBlock(cid, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(IpfsAbortedError);
    await expect(storage.putBlock(bytes("y"), { signal: controller.signal })).rejects.toBeInstanceOf(IpfsAbortedError);
  });

  it("accepts stores that return whole bytes (older interface-blockstore)", async () => {
    const map = new Map<string, Uint8Array>();
    const store = {
      get: async (cid: CID) => map.get(cid.toString())!,
      put: (cid: CID, value: Uint8Array) => void map.set(cid.toString(), value),
      has: (cid: CID) => map.has(cid.toString()),
    };
    const storage = createStorage({ blockstore: store });
    const cid = await storage.putBlock(bytes("old style"));
    expect(await storage.getBlock(cid)).toEqual(bytes("old style"));
  });

  it("serves identity CIDs from the CID itself and rejects unknown hashes", async () => {
    const storage = createStorage({ blockstore: new MemoryBlockstore() });
    const inline = CID.createV1(RAW_CODEC, identity.digest(bytes("inline")));
    expect(await storage.getBlock(inline)).toEqual(bytes("inline"));
    const blockstore = new MemoryBlockstore();
    const { create } = await import("multiformats/hashes/digest");
    const sha512Cid = CID.createV1(RAW_CODEC, create(0x13, new Uint8Array(64)));
    await blockstore.put(sha512Cid, bytes("z"));
    await expect(createStorage({ blockstore }).getBlock(sha512Cid)).rejects.toBeInstanceOf(UnsupportedHashError);
  });
});

describe("parseCid", () => {
  it.each(["", "not-a-cid", "bafy", "Qm123", "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4ye!"])(
    "rejects %p with InvalidCidError",
    (input) => {
      expect(() => parseCid(input)).toThrow(InvalidCidError);
    },
  );

  it("rejects malformed and over-long binary CIDs", async () => {
    expect(() => parseCid(new Uint8Array([1, 2, 3]))).toThrow(InvalidCidError);
    const cid = CID.createV1(RAW_CODEC, await sha256.digest(bytes("a")));
    expect(() => parseCid(new Uint8Array([...cid.bytes, 0]))).toThrow(InvalidCidError);
    expect(parseCid(cid.bytes).equals(cid)).toBe(true);
    const v0 = parseCid("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n");
    expect(() => parseCid(new Uint8Array([0x00, 0x70, ...v0.bytes]))).toThrow(InvalidCidError);
    expect(parseCid(v0.bytes).equals(v0)).toBe(true);
  });

  it("keeps the CID of a parsed CIDv0 and v1 string", () => {
    const v0 = "QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n";
    expect(parseCid(v0).toString()).toBe(v0);
    expect(parseCid(` ${v0}\n`).toString()).toBe(v0);
  });
});
