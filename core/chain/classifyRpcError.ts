import { causeChain, errorText } from "./causeChain.js";
import { RpcRateLimitedError, RpcUnavailableError } from "./errors.js";

/** What an RPC failure means for the caller. */
export type RpcFailureKind = "rate-limited" | "unavailable" | "range-too-large";

const RATE_LIMIT = /rate limit|too many requests|exceeded .*(capacity|quota|compute units)/i;
const RANGE = /query returned more than|block range|range (is )?too (large|wide|big)|response size|too many (results|logs|blocks)|limited to \d+ block|max(imum)? (block )?range|log response size exceeded|exceed(s|ed)? (the )?max(imum)? results/i;
const UNAVAILABLE_NAMES = new Set(["TimeoutError", "SocketClosedError", "WebSocketRequestError", "AbortError"]);
const UNAVAILABLE = /fetch failed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|socket hang up|network ?error|timed? ?out|connection (closed|refused|reset)/i;

/**
 * Classifies an RPC failure (viem's HttpRequestError, RpcRequestError, TimeoutError, socket errors,
 * or a raw fetch error) by walking its cause chain. Returns undefined for anything else, e.g. a revert.
 */
export function classifyRpcError(error: unknown): RpcFailureKind | undefined {
  const links = causeChain(error);
  if (links.some((link) => link.status === 429 || link.code === 429 || RATE_LIMIT.test(errorText(link)))) return "rate-limited";
  if (links.some((link) => RANGE.test(errorText(link)))) return "range-too-large";
  const unavailable = links.some(
    (link) =>
      UNAVAILABLE_NAMES.has(String(link.name)) ||
      (link.name === "HttpRequestError" && (link.status === undefined || (typeof link.status === "number" && link.status >= 500))) ||
      UNAVAILABLE.test(errorText(link)),
  );
  return unavailable ? "unavailable" : undefined;
}

/** Maps an RPC failure to RpcRateLimitedError / RpcUnavailableError; returns any other error unchanged. */
export function toRpcError(error: unknown): unknown {
  if (error instanceof RpcRateLimitedError || error instanceof RpcUnavailableError) return error;
  const kind = classifyRpcError(error);
  if (kind === "rate-limited") return new RpcRateLimitedError({ cause: error });
  if (kind === "unavailable") return new RpcUnavailableError({ cause: error });
  return error;
}
