import { describe, expect, it } from "@jest/globals";
import { HttpRequestError, RpcRequestError, TimeoutError } from "viem";
import { classifyRpcError } from "@cairn/core/chain";
import { logRefusal } from "@cairn/core/chain";
import { parseLogRefusal } from "@cairn/core/chain";
import { retryAfterMs } from "@cairn/core/chain";

const url = "https://rpc.example";

describe("parseLogRefusal: the providers' own words", () => {
  it.each([
    ["range 1000000 exceeds limit of 10000", "range", 10_000n, undefined],
    ["You can make eth_getLogs requests with up to a 500 block range. Based on your parameters, this block range should work: [0x123c9b2, 0x123cba5]", "range", 500n, 500n],
    ["Under the Free tier plan, you can make eth_getLogs requests with up to a 10 block range.", "range", 10n, undefined],
    ["eth_getLogs is limited to a 10,000 range", "range", 10_000n, undefined],
    ["eth_getLogs and eth_newFilter are limited to a 10,000 blocks range", "range", 10_000n, undefined],
    ["limited to 1000 block", "range", 1_000n, undefined],
    ["exceed maximum block range: 5000", "range", 5_000n, undefined],
    ["query exceeds max block range 100000", "range", 100_000n, undefined],
    ["maximum [from, to] blocks distance: 10000", "range", 10_000n, undefined],
    ["block range is too wide (maximum 1024)", "range", 1_024n, undefined],
    ["please limit the query to at most 1,000 blocks", "range", 1_000n, undefined],
    ["ranges over 10000 blocks are not supported on freetier", "range", 10_000n, undefined],
    ["range 9009594 is bigger than range limit 2000", "range", 2_000n, undefined],
    ["block range is larger than max block range, block range = 5120, max block range = 5000", "range", 5_000n, undefined],
    ["block range is too wide", "range", undefined, undefined],
    ["Block range is too large", "range", undefined, undefined],
    ["Block range limit exceeded.", "range", undefined, undefined],
    ["query returned more than 10000 results. Try with this block range [0x118dc91, 0x1198cc3].", "results", undefined, 0x1198cc3n - 0x118dc91n + 1n],
    ["Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response. Based on your parameters and the response size limit, this block range should work: [0x0, 0x87fe9]", "results", undefined, 0x87fean],
    ["query exceeds max results 20000, retry with the range 100-199", "results", undefined, 100n],
    ["logs matched by query exceeds limit of 10000", "results", undefined, undefined],
    ["query timeout exceeded", "timeout", undefined, undefined],
  ] as const)("%s", (text, kind, maxBlocks, suggestedBlocks) => {
    const refusal = parseLogRefusal(text);
    expect(refusal?.kind).toBe(kind);
    expect(refusal?.maxBlocks).toBe(maxBlocks);
    expect(refusal?.suggestedBlocks).toBe(suggestedBlocks);
  });

  it("says nothing about other errors", () => {
    expect(parseLogRefusal("execution reverted")).toBeUndefined();
    expect(parseLogRefusal("invalid argument 0: hex string without 0x prefix")).toBeUndefined();
  });
});

describe("logRefusal", () => {
  it("never takes a rate limit or an outage for a refusal", () => {
    expect(logRefusal(new HttpRequestError({ url, status: 429 }))).toBeUndefined();
    expect(logRefusal(new RpcRequestError({ body: {}, url, error: { code: -32005, message: "exceeded project rate limit" } }))).toBeUndefined();
    expect(logRefusal(new RpcRequestError({ body: {}, url, error: { code: -32000, message: "429 Too Many Requests: over rate limit" } }))).toBeUndefined();
    expect(logRefusal(new HttpRequestError({ url, cause: new TypeError("fetch failed") }))).toBeUndefined();
    expect(logRefusal(new HttpRequestError({ url, status: 503 }))).toBeUndefined();
  });
  it("takes a timeout for a hint to ask for fewer blocks", () => {
    expect(logRefusal(new TimeoutError({ body: {}, url }))).toEqual({ kind: "timeout" });
    expect(logRefusal(new HttpRequestError({ url, status: 504 }))).toEqual({ kind: "timeout" });
  });
  it("reads a refusal explained in the error's data (Tenderly) and an HTTP 413 (QuickNode)", () => {
    const tenderly = new RpcRequestError({ body: {}, url, error: { code: -32602, message: "invalid params", data: { payload: "range 9009594 is bigger than range limit 2000" } } });
    expect(logRefusal(tenderly)).toEqual({ kind: "range", maxBlocks: 2_000n });
    expect(classifyRpcError(tenderly)).toBe("range-too-large");
    expect(logRefusal(new HttpRequestError({ url, status: 413 }))).toEqual({ kind: "results" });
  });
  it("takes an unknown JSON-RPC error for a range refusal, so that paging ends", () => {
    expect(logRefusal(new RpcRequestError({ body: {}, url, error: { code: -32000, message: "something odd" } }))).toEqual({ kind: "range" });
    expect(logRefusal(new Error("boom"))).toBeUndefined();
  });
});

describe("retryAfterMs", () => {
  it("reads Retry-After in seconds or as an HTTP date, and Infura's backoff_seconds", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs(new HttpRequestError({ url, status: 429, headers: new Headers({ "retry-after": "3" }) }), now)).toBe(3_000);
    expect(retryAfterMs(new HttpRequestError({ url, status: 429, headers: new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }) }), now)).toBe(5_000);
    const infura = new RpcRequestError({ body: {}, url, error: { code: -32005, message: "exceeded project rate limit", data: { rate: { allowed_rps: 5, backoff_seconds: 30, current_rps: 5.2 } } } });
    expect(retryAfterMs(infura, now)).toBe(30_000);
    expect(retryAfterMs(new HttpRequestError({ url, status: 429 }), now)).toBeUndefined();
  });
});
