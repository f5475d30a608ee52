/**
 * What the testnet-like RPC harness enforces (startRpcHarness.ts), and the chain settings that
 * go with it (block time, pre-mined history). Defaults: a free-plan public endpoint in front
 * of a Sepolia-like chain.
 */
import type { ProviderErrorStyle } from "./providerErrors.js";

export interface HarnessConfig {
  /** Largest `eth_getLogs` block range (toBlock − fromBlock + 1); 0: no cap. */
  logsBlockRangeCap: number;
  /** Most logs one `eth_getLogs` may return; 0: no cap. */
  logsResultCap: number;
  /** Whose error shapes and messages the refusals copy. */
  errorStyle: ProviderErrorStyle;
  /** Sustained JSON-RPC calls per second (each call of a batch counts); 0: no limit. */
  requestsPerSecond: number;
  /** Calls that may arrive at once before the rate applies (the token bucket's size). */
  burst: number;
  /** Added to every HTTP request before it is forwarded, in ms. */
  latencyMs: number;
}

export const DEFAULT_HARNESS_CONFIG: HarnessConfig = {
  logsBlockRangeCap: 1_000,
  logsResultCap: 10_000,
  errorStyle: "alchemy",
  requestsPerSecond: 20,
  burst: 20,
  latencyMs: 80,
};

/** `npm run dev -- --testnet-like`, and the same option of startStack and the test stack. */
export interface TestnetLikeOptions {
  /** Harness settings; unset ones take {@link DEFAULT_HARNESS_CONFIG}. */
  harness?: Partial<HarnessConfig>;
  /** Interval mining, in ms (default 12,000, Sepolia's); transactions wait for the next block. */
  blockTimeMs?: number;
  /** Blocks the chain has before the contracts are deployed (hardhat_mine), e.g. 1,000,000. */
  historyBlocks?: number;
}

export const DEFAULT_BLOCK_TIME_MS = 12_000;
