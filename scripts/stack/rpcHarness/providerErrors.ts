/**
 * The refusals of real RPC providers for `eth_getLogs` over too many blocks or with too many
 * results: HTTP status, JSON-RPC code and message, as they answer them (each style copies one
 * provider's observed answers; block numbers in hex as they print them).
 *
 * - alchemy: HTTP 400, -32600 "You can make eth_getLogs requests with up to a 500 block
 *   range. Based on your parameters, this block range should work: [0x…, 0x…]"; too many
 *   logs: -32602 "Log response size exceeded. …".
 * - infura: -32602 "range 1000000 exceeds limit of 10000"; too many logs: -32005 "query
 *   returned more than 10000 results. Try with this block range [0x…, 0x…]." with
 *   data { from, to, limit }.
 * - quicknode: -32602 "eth_getLogs and eth_newFilter are limited to a 10,000 blocks range".
 * - node (geth/reth/erigon style): -32602 "query exceeds max block range 5000"; too many logs:
 *   -32602 "query exceeds max results 20000, retry with the range 1-2".
 */
export type ProviderErrorStyle = "alchemy" | "infura" | "quicknode" | "node";

export const PROVIDER_ERROR_STYLES: readonly ProviderErrorStyle[] = ["alchemy", "infura", "quicknode", "node"];

export interface ProviderRefusal {
  /** HTTP status of the whole answer (for a single call). */
  httpStatus: number;
  error: { code: number; message: string; data?: unknown };
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/** `eth_getLogs` over `from..to` (inclusive) exceeds the `cap`-block range. */
export function blockRangeRefusal(style: ProviderErrorStyle, from: number, to: number, cap: number): ProviderRefusal {
  const suggestion = `[${hex(from)}, ${hex(from + cap - 1)}]`;
  switch (style) {
    case "alchemy":
      return {
        httpStatus: 400,
        error: {
          code: -32600,
          message: `You can make eth_getLogs requests with up to a ${cap} block range. Based on your parameters, this block range should work: ${suggestion}`,
        },
      };
    case "infura":
      return { httpStatus: 200, error: { code: -32602, message: `range ${to - from + 1} exceeds limit of ${cap}` } };
    case "quicknode":
      return {
        httpStatus: 200,
        error: {
          code: -32602,
          message: `eth_getLogs and eth_newFilter are limited to a ${cap.toLocaleString("en-US")} blocks range`,
        },
      };
    case "node":
      return { httpStatus: 200, error: { code: -32602, message: `query exceeds max block range ${cap}` } };
  }
}

/**
 * `eth_getLogs` over `from..to` matched `count` logs, more than `cap`. `fitsTo` is the last
 * block of the widest range from `from` that stays within the cap (what providers suggest).
 */
export function resultCountRefusal(
  style: ProviderErrorStyle,
  from: number,
  to: number,
  cap: number,
  fitsTo: number,
): ProviderRefusal {
  switch (style) {
    case "alchemy":
      return {
        httpStatus: 400,
        error: {
          code: -32602,
          message:
            "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, " +
            `or you can request any block range with a cap of 10K logs in the response. Based on your parameters and the response size limit, this block range should work: [${hex(from)}, ${hex(fitsTo)}]`,
        },
      };
    case "infura":
    case "quicknode":
      return {
        httpStatus: 200,
        error: {
          code: -32005,
          message: `query returned more than ${cap} results. Try with this block range [${hex(from)}, ${hex(fitsTo)}].`,
          data: { from: hex(from), to: hex(fitsTo), limit: cap },
        },
      };
    case "node":
      return {
        httpStatus: 200,
        error: { code: -32602, message: `query exceeds max results ${cap}, retry with the range ${from}-${fitsTo}` },
      };
  }
}

/** A call refused by the rate limit (Alchemy's wording; HTTP 429 with Retry-After). */
export const RATE_LIMITED = {
  code: 429,
  message:
    "Your app has exceeded its compute units per second capacity. If you have retries enabled, you can safely ignore this message.",
} as const;
