import { describe, expect, it } from "@jest/globals";
import { bytesToHex, createPublicClient, custom, decodeFunctionData, encodeFunctionResult, type Address, type Hex, type PublicClient } from "viem";
import { inviteOrDefer } from "@cairn/core/channel";
import { keyDirectoryAbi } from "@cairn/core/contracts";
import { generateIdentityKey } from "@cairn/core/crypto";

const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as Address;
const deployment = { keyDirectory: "0x5FbDB2315678afecb367f032d93F642f64180aa3", channelRegistry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", fromBlock: 0n } as const;

/** A client whose KeyDirectory holds `key` for every account. */
function directory(key: Uint8Array | null): PublicClient {
  const answer = (data: Hex): Hex => {
    const { functionName } = decodeFunctionData({ abi: keyDirectoryAbi, data });
    if (functionName !== "keyOf") throw new Error(`unexpected call to ${functionName}`);
    return encodeFunctionResult({ abi: keyDirectoryAbi, functionName, result: key ? bytesToHex(key) : `0x${"0".repeat(64)}` });
  };
  return createPublicClient({
    transport: custom({
      request: async ({ method, params }: { method: string; params: [{ data: Hex }] }) => {
        if (method === "eth_call") return answer(params[0].data);
        throw new Error(`unexpected ${method}`);
      },
    }),
  }) as PublicClient;
}

describe("inviteOrDefer", () => {
  it("adds an account with a published key now, sharing history when asked", async () => {
    const added: unknown[] = [];
    const service = { addMember: async (account: Address, options?: { shareHistory?: boolean }) => void added.push([account, options]) as never };
    const key = generateIdentityKey().publicKey;
    expect(await inviteOrDefer({ publicClient: directory(key), deployment }, service, { account: BOB, shareHistory: true })).toBe("added");
    expect(added).toEqual([[BOB, { shareHistory: true }]]);
  });

  it("defers an account without a key, sending nothing", async () => {
    const service = {
      addMember: async () => {
        throw new Error("must not be called");
      },
    };
    expect(await inviteOrDefer({ publicClient: directory(null), deployment }, service, { account: BOB, shareHistory: false })).toBe("deferred");
  });
});
