import { causeChain, errorText, type ErrorFields } from "./causeChain.js";
import { RpcRateLimitedError, RpcUnavailableError } from "./errors.js";
import { parseLogRefusal } from "./parseLogRefusal.js";

/**
 * What an RPC failure means for the caller: `range-too-large` (an `eth_getLogs` range or answer the
 * endpoint refuses: ask for fewer blocks), or `rate-limited` / `unavailable` (wait and try the same
 * request again; a timeout is `unavailable`, see isTimeout).
 */
export type RpcFailureKind = "rate-limited" | "unavailable" | "range-too-large";

/**
 * Rate limits: HTTP 429 (Alchemy, QuickNode, publicnode, Infura), Infura's -32005 `exceeded project
 * rate limit` / `daily request count exceeded`, QuickNode's -32007 `request limit reached`, TheRPC's
 * -32029, Base's -32016 `over rate limit`, Alchemy's `exceeded its compute units per second capacity`.
 */
const RATE_LIMIT = /rate limit|too many requests|request limit reached|exceeded .*(capacity|quota|compute units)|request count exceeded/i;
const RATE_LIMIT_CODES = new Set([429, -32007, -32016, -32029]);
const UNAVAILABLE_NAMES = new Set(["TimeoutError", "SocketClosedError", "WebSocketRequestError", "AbortError"]);
const UNAVAILABLE = /fetch failed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|socket hang up|network ?error|timed? ?out|connection (closed|refused|reset)/i;
const TIMEOUT = /timed? ?out|ETIMEDOUT|deadline exceeded/i;

/** The HTTP status of a link, when it carries one. */
export const httpStatus = (link: ErrorFields): number | undefined => (typeof link.status === "number" ? link.status : undefined);

/**
 * Classifies an RPC failure (viem's HttpRequestError, RpcRequestError, TimeoutError, socket errors,
 * or a raw fetch error) by walking its cause chain. Returns undefined for anything else, e.g. a revert.
 */
export function classifyRpcError(error: unknown): RpcFailureKind | undefined {
  const links = causeChain(error);
  if (links.some((link) => httpStatus(link) === 429 || RATE_LIMIT_CODES.has(link.code as number) || RATE_LIMIT.test(errorText(link)))) {
    return "rate-limited";
  }
  const refusals = links.map((link) => parseLogRefusal(errorText(link), httpStatus(link))?.kind);
  if (refusals.includes("range") || refusals.includes("results")) return "range-too-large";
  const unavailable = links.some(
    (link) =>
      UNAVAILABLE_NAMES.has(String(link.name)) ||
      (link.name === "HttpRequestError" && (link.status === undefined || link.status === 408 || (typeof link.status === "number" && link.status >= 500))) ||
      UNAVAILABLE.test(errorText(link)),
  );
  return unavailable ? "unavailable" : undefined;
}

/** Whether an `unavailable` failure is a timeout (viem's TimeoutError, HTTP 408/504, a query timeout): for `eth_getLogs`, a hint to ask for fewer blocks. */
export function isTimeout(error: unknown): boolean {
  return causeChain(error).some(
    (link) => link.name === "TimeoutError" || httpStatus(link) === 408 || httpStatus(link) === 504 || TIMEOUT.test(errorText(link)),
  );
}

/** Maps an RPC failure to RpcRateLimitedError / RpcUnavailableError; returns any other error unchanged. */
export function toRpcError(error: unknown): unknown {
  if (error instanceof RpcRateLimitedError || error instanceof RpcUnavailableError) return error;
  const kind = classifyRpcError(error);
  if (kind === "rate-limited") return new RpcRateLimitedError({ cause: error });
  if (kind === "unavailable") return new RpcUnavailableError({ cause: error });
  return error;
}
