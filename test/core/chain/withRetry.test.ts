import { describe, expect, it } from "@jest/globals";
import { HttpRequestError, RpcRequestError, TimeoutError } from "viem";
import { classifyRpcError, toRpcError } from "@cairn/core/chain";
import { RpcRateLimitedError, RpcUnavailableError } from "@cairn/core/chain";
import { backoffDelay, withRetry } from "@cairn/core/chain";

const url = "http://127.0.0.1:8545";

describe("classifyRpcError", () => {
  it("recognises rate limits by status, code or message", () => {
    expect(classifyRpcError(new HttpRequestError({ url, status: 429 }))).toBe("rate-limited");
    expect(classifyRpcError(new RpcRequestError({ body: {}, url, error: { code: 429, message: "slow down" } }))).toBe("rate-limited");
    expect(classifyRpcError(new RpcRequestError({ body: {}, url, error: { code: -32005, message: "daily request rate limit reached" } }))).toBe(
      "rate-limited",
    );
  });
  it("recognises outages: no HTTP status, 5xx, timeouts, refused connections", () => {
    expect(classifyRpcError(new HttpRequestError({ url, cause: new TypeError("fetch failed") }))).toBe("unavailable");
    expect(classifyRpcError(new HttpRequestError({ url, status: 503 }))).toBe("unavailable");
    expect(classifyRpcError(new TimeoutError({ body: {}, url }))).toBe("unavailable");
    expect(classifyRpcError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8545")))).toBe("unavailable");
  });
  it("recognises a range that is too large", () => {
    const error = new RpcRequestError({ body: {}, url, error: { code: -32602, message: "block range is too wide" } });
    expect(classifyRpcError(error)).toBe("range-too-large");
  });
  it("leaves other errors alone", () => {
    expect(classifyRpcError(new Error("execution reverted"))).toBeUndefined();
    const plain = new Error("boom");
    expect(toRpcError(plain)).toBe(plain);
    expect(toRpcError(new HttpRequestError({ url, status: 502 }))).toBeInstanceOf(RpcUnavailableError);
  });
});

describe("withRetry", () => {
  it("doubles the delay per retry up to the cap", () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, 100, 1_000))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it("retries transient failures and returns the eventual result", async () => {
    let attempts = 0;
    const delays: number[] = [];
    const result = await withRetry(
      async () => {
        attempts++;
        if (attempts < 3) throw new HttpRequestError({ url, status: 429 });
        return "ok";
      },
      { baseDelayMs: 1, onRetry: (error, _attempt, delay) => {
        expect(error).toBeInstanceOf(RpcRateLimitedError);
        delays.push(delay);
      } },
    );
    expect(result).toBe("ok");
    expect(attempts).toBe(3);
    expect(delays).toEqual([1, 2]);
  });

  it("throws the typed error once the retries are spent", async () => {
    let attempts = 0;
    const failing = withRetry(
      async () => {
        attempts++;
        throw new HttpRequestError({ url, cause: new TypeError("fetch failed") });
      },
      { retries: 2, baseDelayMs: 1 },
    );
    await expect(failing).rejects.toBeInstanceOf(RpcUnavailableError);
    expect(attempts).toBe(3);
  });

  it("does not retry other errors", async () => {
    let attempts = 0;
    const error = new Error("invalid argument");
    await expect(
      withRetry(async () => {
        attempts++;
        throw error;
      }),
    ).rejects.toBe(error);
    expect(attempts).toBe(1);
  });
});
