import { describe, expect, it } from "@jest/globals";
import { HttpRequestError, RpcRequestError } from "viem";
import { LogRangeTooLargeError, RpcRateLimitedError } from "../../../core/chain/errors.js";
import { fetchAllForward, fetchPage, isShrinkable, nextRange, type RangeFetcher } from "../../../core/chain/logPaging.js";
import type { BlockRange } from "../../../core/chain/types.js";

type Item = { block: bigint; n: number };

/** An in-memory log source that refuses, like Infura, any answer with more than `cap` items. */
function source(items: Item[], cap: number) {
  const calls: BlockRange[] = [];
  const fetch: RangeFetcher<Item> = async (range) => {
    calls.push(range);
    const found = items.filter((item) => item.block >= range.fromBlock && item.block <= range.toBlock);
    if (found.length > cap) {
      throw new RpcRequestError({
        body: {},
        url: "http://127.0.0.1:8545",
        error: { code: -32005, message: `query returned more than ${cap} results` },
      });
    }
    return found;
  };
  return { fetch, calls };
}

describe("nextRange", () => {
  it("takes `size` blocks from the start going forward, clamped to the bounds", () => {
    expect(nextRange({ fromBlock: 10n, toBlock: 100n }, 20n, "forward")).toEqual({ fromBlock: 10n, toBlock: 29n });
    expect(nextRange({ fromBlock: 10n, toBlock: 15n }, 20n, "forward")).toEqual({ fromBlock: 10n, toBlock: 15n });
  });
  it("takes `size` blocks from the end going backward, clamped to the bounds", () => {
    expect(nextRange({ fromBlock: 10n, toBlock: 100n }, 20n, "backward")).toEqual({ fromBlock: 81n, toBlock: 100n });
    expect(nextRange({ fromBlock: 95n, toBlock: 100n }, 20n, "backward")).toEqual({ fromBlock: 95n, toBlock: 100n });
  });
  it("refuses an empty range size", () => {
    expect(() => nextRange({ fromBlock: 1n, toBlock: 2n }, 0n, "forward")).toThrow(RangeError);
  });
});

describe("fetchAllForward", () => {
  const items: Item[] = Array.from({ length: 300 }, (_, n) => ({ block: BigInt(1 + Math.floor(n / 3) * 7), n }));

  it("reads every item once, in order, in contiguous ranges no larger than maxRange", async () => {
    const { fetch, calls } = source(items, 10_000);
    const all = await fetchAllForward(fetch, { fromBlock: 1n, toBlock: 800n }, 50n);
    expect(all.map((item) => item.n)).toEqual(items.map((item) => item.n));
    expect(calls[0].fromBlock).toBe(1n);
    expect(calls.at(-1)!.toBlock).toBe(800n);
    calls.forEach((call, i) => {
      expect(call.toBlock - call.fromBlock + 1n).toBeLessThanOrEqual(50n);
      if (i > 0) expect(call.fromBlock).toBe(calls[i - 1].toBlock + 1n);
    });
  });

  it("halves the range when the RPC says the result is too large, and still returns everything", async () => {
    const { fetch, calls } = source(items, 12);
    const all = await fetchAllForward(fetch, { fromBlock: 1n, toBlock: 800n }, 2_000n);
    expect(all.map((item) => item.n)).toEqual(items.map((item) => item.n));
    expect(calls[0]).toEqual({ fromBlock: 1n, toBlock: 800n });
    expect(calls[1]).toEqual({ fromBlock: 1n, toBlock: 400n });
    expect(calls.length).toBeGreaterThan(30);
  });

  it("gives up with LogRangeTooLargeError when even one block is too large", async () => {
    const crowded = Array.from({ length: 5 }, (_, n) => ({ block: 7n, n }));
    const { fetch } = source(crowded, 2);
    await expect(fetchAllForward(fetch, { fromBlock: 1n, toBlock: 100n }, 100n)).rejects.toBeInstanceOf(LogRangeTooLargeError);
  });

  it("does not shrink on a rate limit: the error goes up", async () => {
    const fetch: RangeFetcher<Item> = async () => {
      throw new HttpRequestError({ url: "http://127.0.0.1:8545", status: 429 });
    };
    await expect(fetchPage(fetch, { fromBlock: 1n, toBlock: 100n }, 100n, "forward", 100n)).rejects.toBeInstanceOf(HttpRequestError);
    expect(isShrinkable(new RpcRateLimitedError())).toBe(false);
  });
});

describe("fetchPage", () => {
  it("grows the next size back towards maxRange after a success", async () => {
    const { fetch } = source([], 0);
    const page = await fetchPage(fetch, { fromBlock: 1n, toBlock: 1_000n }, 100n, "backward", 300n);
    expect(page.range).toEqual({ fromBlock: 901n, toBlock: 1_000n });
    expect(page.nextSize).toBe(200n);
    const next = await fetchPage(fetch, { fromBlock: 1n, toBlock: 900n }, 200n, "backward", 300n);
    expect(next.nextSize).toBe(300n);
  });
});
