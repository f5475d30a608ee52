import { describe, expect, it } from "@jest/globals";
import { createPublicClient, custom, encodeFunctionResult, hexToBytes, toHex, type Hex, type PublicClient } from "viem";
import { x25519 } from "@noble/curves/ed25519.js";
import { noUsableKey, readPublicKey } from "@cairn/core/chain";
import { channelIdFor, newChannelSalt } from "@cairn/core/chain";
import { keyDirectoryAbi } from "@cairn/core/contracts";
import { InvalidPublicKeyError } from "@cairn/core/crypto";
import { REGISTRY } from "./registryLogs.js";

const ACCOUNT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;

/** A KeyDirectory whose keyOf answers `key` (as a faulty or foreign deployment might). */
const directoryAnswering = (key: Hex): PublicClient =>
  createPublicClient({
    transport: custom({
      request: async ({ method }) => {
        if (method === "eth_call") return encodeFunctionResult({ abi: keyDirectoryAbi, functionName: "keyOf", result: key });
        throw new Error(`${method} is not served`);
      },
    }),
  }) as PublicClient;

const read = (key: Hex) => readPublicKey(directoryAnswering(key), { keyDirectory: REGISTRY, account: ACCOUNT, retry: { retries: 0 } });

/** Small-order u-coordinates: 1, a point of order 8, p − 1; and 0 with bit 255 set. */
const SMALL_ORDER: Hex[] = [
  "0x0100000000000000000000000000000000000000000000000000000000000000",
  "0xe0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
  "0xecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "0x0000000000000000000000000000000000000000000000000000000000000080",
];

describe("readPublicKey", () => {
  it("returns a published key, and null for none", async () => {
    const key = toHex(x25519.getPublicKey(x25519.utils.randomSecretKey()));
    expect(await read(key)).toEqual(hexToBytes(key));
    expect(await read(`0x${"00".repeat(32)}`)).toBeNull();
  });

  it("throws InvalidPublicKeyError for a key of small order, which noUsableKey reads as none", async () => {
    for (const key of SMALL_ORDER) {
      await expect(read(key)).rejects.toBeInstanceOf(InvalidPublicKeyError);
      expect(await read(key).catch(noUsableKey)).toBeNull();
    }
  });

  it("lets noUsableKey pass every other error", () => {
    expect(() => noUsableKey(new Error("RPC down"))).toThrow("RPC down");
  });
});

describe("channelIdFor and newChannelSalt", () => {
  it("draws 32 fresh random bytes per channel, giving distinct 95-bit ids", () => {
    const salts = Array.from({ length: 8 }, newChannelSalt);
    expect(new Set(salts).size).toBe(8);
    for (const salt of salts) {
      expect(hexToBytes(salt)).toHaveLength(32);
      expect(channelIdFor(ACCOUNT, salt)).toBeLessThan(2n ** 95n);
    }
  });
});
