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

/** Environment variables of the testnet-like mode (flags of `npm run dev` override them). */
export const TESTNET_LIKE_VARIABLES = {
  enabled: "CAIRN_TESTNET_LIKE",
  logsBlockRangeCap: "CAIRN_LOGS_RANGE_CAP",
  logsResultCap: "CAIRN_LOGS_RESULT_CAP",
  requestsPerSecond: "CAIRN_RPC_RATE",
  latencyMs: "CAIRN_RPC_LATENCY_MS",
  errorStyle: "CAIRN_RPC_ERROR_STYLE",
  blockTimeMs: "CAIRN_BLOCK_TIME_MS",
  historyBlocks: "CAIRN_HISTORY_BLOCKS",
} as const;

/**
 * The testnet-like options the environment asks for: undefined unless CAIRN_TESTNET_LIKE=1 or
 * one of the other variables is set.
 */
export function testnetLikeFromEnv(env: NodeJS.ProcessEnv = process.env): TestnetLikeOptions | undefined {
  const v = TESTNET_LIKE_VARIABLES;
  const number = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === "") return undefined;
    const value = Number(raw.replaceAll("_", ""));
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`${name}=${raw} is not a number ≥ 0`);
    return value;
  };
  const harness: Partial<HarnessConfig> = {};
  for (const key of ["logsBlockRangeCap", "logsResultCap", "requestsPerSecond", "latencyMs"] as const) {
    const value = number(v[key]);
    if (value !== undefined) harness[key] = value;
  }
  if (harness.requestsPerSecond !== undefined) harness.burst = harness.requestsPerSecond;
  const style = env[v.errorStyle];
  if (style) harness.errorStyle = style as HarnessConfig["errorStyle"];
  const blockTimeMs = number(v.blockTimeMs);
  const historyBlocks = number(v.historyBlocks);
  const anySet = Object.keys(harness).length > 0 || blockTimeMs !== undefined || historyBlocks !== undefined;
  if (!anySet && env[v.enabled] !== "1") return undefined;
  return {
    harness,
    ...(blockTimeMs === undefined ? {} : { blockTimeMs }),
    ...(historyBlocks === undefined ? {} : { historyBlocks }),
  };
}
