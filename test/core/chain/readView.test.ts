import { describe, expect, it } from "@jest/globals";
import { createPublicClient, custom, encodeErrorResult, encodeFunctionResult, HttpRequestError, RpcRequestError, type PublicClient } from "viem";
import { ChannelNotFoundError, RpcRateLimitedError } from "@cairn/core/chain";
import { readChannelInfo } from "@cairn/core/chain";
import { channelRegistryAbi } from "@cairn/core/contracts";
import { REGISTRY } from "./registryLogs.js";

const url = "http://fake-endpoint.invalid";

/** A node answering eth_call with `answer` and counting the calls. */
function node(answer: () => unknown) {
  let calls = 0;
  const client = createPublicClient({
    transport: custom({
      request: async ({ method }: { method: string }) => {
        if (method !== "eth_call") throw new Error(`${method} is not served`);
        calls++;
        return answer();
      },
    }),
  }) as PublicClient;
  return { client, calls: () => calls };
}

describe("readView (the registry's and directory's views)", () => {
  it("decodes the view's result", async () => {
    const info = {
      admin: REGISTRY,
      isPublic: true,
      isDirect: false,
      rekeyRequired: false,
      epoch: 3,
      memberCount: 2,
      messageWindow: 5,
      createdBlock: 10n,
      metadataBlock: 11n,
      stateBlock: 12n,
    };
    const { client } = node(() => encodeFunctionResult({ abi: channelRegistryAbi, functionName: "channelInfo", result: info }));
    expect(await readChannelInfo(client, { registry: REGISTRY, channelId: 7n })).toEqual(info);
  });

  it("turns a revert into the typed contract error, without retrying it", async () => {
    const data = encodeErrorResult({ abi: channelRegistryAbi, errorName: "ChannelNotFound", args: [7n] });
    const { client, calls } = node(() => {
      throw new RpcRequestError({ body: {}, url, error: { code: 3, message: "execution reverted", data } });
    });
    await expect(readChannelInfo(client, { registry: REGISTRY, channelId: 7n })).rejects.toBeInstanceOf(ChannelNotFoundError);
    expect(calls()).toBe(1);
  });

  it("retries a rate limit under one policy: 1 + 4 requests, not 20", async () => {
    const { client, calls } = node(() => {
      throw new HttpRequestError({ url, status: 429 });
    });
    await expect(readChannelInfo(client, { registry: REGISTRY, channelId: 7n, retry: { baseDelayMs: 1 } })).rejects.toBeInstanceOf(RpcRateLimitedError);
    expect(calls()).toBe(5);
  });
});
