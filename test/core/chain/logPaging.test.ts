import { describe, expect, it } from "@jest/globals";
import { pad, TimeoutError, toHex, type Hex, type Log } from "viem";
import { createRangeLimit, rangeLimitOf } from "@cairn/core/chain";
import { LogRangeTooLargeError, RpcRateLimitedError } from "@cairn/core/chain";
import { logFetcher } from "@cairn/core/chain";
import { fetchAllForward, nextRange, pages, type RangeFetcher } from "@cairn/core/chain";
import { fakeEndpoint, PROVIDERS, type EndpointOptions } from "./fakeEndpoint.js";

const ADDRESS = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;
const TOPIC = pad("0x01", { size: 32 });
const note = (n: number) => ({ address: ADDRESS, topics: [TOPIC], data: toHex(n, { size: 32 }) as Hex });
const numbers = (logs: Log[]) => logs.map((log) => Number(BigInt(log.data)));
const filter = { address: ADDRESS, topics: [TOPIC] };
const FAST = { baseDelayMs: 1 };

/** An endpoint with `history` blocks and one log every `every` blocks (numbered from 0). */
function endpointWithHistory(options: EndpointOptions, history: bigint, every: bigint) {
  const endpoint = fakeEndpoint(options);
  let n = 0;
  while (endpoint.head + every <= history) {
    endpoint.mine(every - 1n);
    endpoint.emit(note(n++));
  }
  endpoint.mine(history - endpoint.head);
  return { endpoint, count: n };
}

const readAll = (endpoint: ReturnType<typeof fakeEndpoint>, limit = rangeLimitOf(endpoint.client)) =>
  fetchAllForward(logFetcher(endpoint.client, filter, FAST), { fromBlock: 1n, toBlock: endpoint.head }, { limit });

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

describe("widest range first", () => {
  it("reads a quiet history of 2.6 million blocks in one call on a lenient endpoint", async () => {
    const { endpoint } = endpointWithHistory({}, 2_600_000n, 1_300_000n);
    const logs = await readAll(endpoint);
    expect(numbers(logs)).toEqual([0, 1]);
    expect(endpoint.counts.eth_getLogs).toBe(1);
    expect(endpoint.getLogsRanges[0]).toMatchObject({ fromBlock: 1n, toBlock: 2_600_000n, refused: false });
  });

  for (const [name, rangeRefusal] of [
    ["Infura", PROVIDERS.infuraRange],
    ["Alchemy", PROVIDERS.alchemyRange],
    ["QuickNode (HTTP 413)", PROVIDERS.quicknodeRange],
    ["publicnode", PROVIDERS.publicnodeRange],
    ["Base / reth", PROVIDERS.baseRange],
  ] as const) {
    it(`takes the cap ${name} states from its first refusal: ceil(range / cap) + 1 calls`, async () => {
      const { endpoint, count } = endpointWithHistory({ rangeCap: 1_000n, rangeRefusal }, 250_000n, 997n);
      const logs = await readAll(endpoint);
      expect(numbers(logs)).toEqual([...Array(count).keys()]);
      expect(endpoint.getLogsRanges.filter((call) => call.refused)).toHaveLength(1);
      expect(endpoint.counts.eth_getLogs).toBe(Math.ceil(250_000 / 1_000) + 1);
    });
  }

  it("finds a cap the endpoint does not state by bisection, within 1/8 of it and a few refusals", async () => {
    const { endpoint, count } = endpointWithHistory({ rangeCap: 1_000n, rangeRefusal: PROVIDERS.ankrRange }, 250_000n, 997n);
    const logs = await readAll(endpoint);
    expect(numbers(logs)).toEqual([...Array(count).keys()]);
    const refused = endpoint.getLogsRanges.filter((call) => call.refused).length;
    expect(refused).toBeLessThanOrEqual(16);
    expect(endpoint.counts.eth_getLogs).toBeLessThanOrEqual(Math.ceil((250_000 * 8) / 7 / 1_000) + refused);
  });

  it("shares what it learnt between the readers of one client: the next read starts at the cap (at most one refusal, a probe)", async () => {
    const { endpoint } = endpointWithHistory({ rangeCap: 1_000n, rangeRefusal: PROVIDERS.unknownRange }, 50_000n, 1_000n);
    await readAll(endpoint);
    const refusedBefore = endpoint.getLogsRanges.filter((call) => call.refused).length;
    const callsBefore = endpoint.counts.eth_getLogs;
    await readAll(endpoint);
    expect(endpoint.getLogsRanges.filter((call) => call.refused).length - refusedBefore).toBeLessThanOrEqual(1);
    expect(endpoint.counts.eth_getLogs - callsBefore).toBeLessThanOrEqual(Math.ceil((50_000 * 8) / 7 / 1_000));
  });

  it("probes an inferred cap again after a run of successes, and keeps the larger cap the endpoint now accepts", () => {
    const limit = createRangeLimit({ growAfter: 2 });
    limit.refused(1_000n);
    expect(limit.next(10_000n)).toBe(500n);
    limit.accepted(500n);
    limit.accepted(750n);
    limit.accepted(750n);
    limit.accepted(750n);
    expect(limit.next(10_000n)).toBe(1_500n);
    limit.accepted(1_500n);
    expect(limit.next(10_000n)).toBe(2_250n);
  });

  it("never probes beyond a cap the endpoint stated", () => {
    const limit = createRangeLimit({ growAfter: 1 });
    limit.refused(5_000n, 1_000n);
    for (let i = 0; i < 10; i++) {
      expect(limit.next(10_000n)).toBe(1_000n);
      limit.accepted(1_000n);
    }
  });
});

describe("refusals of the data, not of the range", () => {
  it("follows the range the endpoint suggests when a range holds too many logs (Infura), and reads every log once", async () => {
    const { endpoint, count } = endpointWithHistory({ resultCap: 50, suggestRange: true }, 10_000n, 10n);
    const logs = await readAll(endpoint);
    expect(numbers(logs)).toEqual([...Array(count).keys()]);
    expect(endpoint.counts.eth_getLogs).toBeLessThan(60);
  });

  it("halves without a suggestion (Alchemy's response size) and does not lower the endpoint's range limit", async () => {
    const { endpoint, count } = endpointWithHistory({ resultCap: 50 }, 10_000n, 10n);
    const limit = createRangeLimit();
    const logs = await readAll(endpoint, limit);
    expect(numbers(logs)).toEqual([...Array(count).keys()]);
    expect(limit.next(1_000_000n)).toBe(1_000_000n);
  });

  it("asks for fewer blocks after a timeout, for this read only", async () => {
    const calls: bigint[] = [];
    const fetch: RangeFetcher<number> = async (range) => {
      calls.push(range.toBlock - range.fromBlock + 1n);
      if (range.toBlock - range.fromBlock >= 100n) throw new TimeoutError({ body: {}, url: "http://127.0.0.1:1" });
      return [Number(range.fromBlock)];
    };
    const limit = createRangeLimit();
    const items = await fetchAllForward(fetch, { fromBlock: 1n, toBlock: 400n }, { limit });
    expect(items[0]).toBe(1);
    expect(calls.slice(0, 3)).toEqual([400n, 200n, 100n]);
    expect(limit.next(400n)).toBe(400n);
  });

  it("gives up with LogRangeTooLargeError when even one block is refused", async () => {
    const endpoint = fakeEndpoint({ resultCap: 2 });
    endpoint.emit(note(1), note(2), note(3));
    endpoint.mine(50n);
    await expect(readAll(endpoint)).rejects.toBeInstanceOf(LogRangeTooLargeError);
  });

  it("reads backwards from the newest range and stops when the caller has enough", async () => {
    const { endpoint } = endpointWithHistory({ rangeCap: 1_000n }, 100_000n, 500n);
    const seen: number[] = [];
    for await (const page of pages(logFetcher(endpoint.client, filter), { fromBlock: 1n, toBlock: endpoint.head }, "backward", { limit: rangeLimitOf(endpoint.client) })) {
      seen.unshift(...numbers(page.items));
      if (seen.length >= 5) break;
    }
    expect(seen).toEqual([194, 195, 196, 197, 198, 199]);
    expect(endpoint.counts.eth_getLogs).toBe(4);
  });
});

describe("rate limits", () => {
  it("waits as long as Retry-After asks and then reads everything: a 429 is never an empty answer", async () => {
    const { endpoint } = endpointWithHistory({}, 1_000n, 100n);
    endpoint.throttle(1, 1);
    const started = Date.now();
    const logs = await readAll(endpoint);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(logs).toHaveLength(10);
    expect(endpoint.counts.eth_getLogs).toBe(2);
    expect(endpoint.getLogsRanges.every((call) => !call.refused)).toBe(true);
  });

  it("fails with RpcRateLimitedError after the retries, each a single request (no transport retries underneath)", async () => {
    const { endpoint } = endpointWithHistory({}, 1_000n, 100n);
    endpoint.throttle(1_000);
    await expect(readAll(endpoint)).rejects.toBeInstanceOf(RpcRateLimitedError);
    expect(endpoint.counts.eth_getLogs).toBe(5);
  });

  it("does not sleep through a Retry-After longer than the bound: it fails at once", async () => {
    const { endpoint } = endpointWithHistory({}, 1_000n, 100n);
    endpoint.throttle(1_000, 3_600);
    await expect(readAll(endpoint)).rejects.toBeInstanceOf(RpcRateLimitedError);
    expect(endpoint.counts.eth_getLogs).toBe(1);
  });
});
