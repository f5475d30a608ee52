import { causeChain, errorText } from "./causeChain.js";
import { classifyRpcError, httpStatus, isTimeout } from "./classifyRpcError.js";
import { parseLogRefusal, type LogRefusal } from "./parseLogRefusal.js";

/**
 * Whether a failed `eth_getLogs` may succeed over fewer blocks, and what the endpoint said about
 * it (see parseLogRefusal). A rate limit or an unreachable endpoint is never a refusal: the same
 * request is retried instead, and neither is ever read as "no logs". A JSON-RPC error the provider
 * tables do not know is taken for a range refusal, so that paging still ends (at one block).
 */
export function logRefusal(error: unknown): LogRefusal | undefined {
  const kind = classifyRpcError(error);
  if (kind === "rate-limited") return undefined;
  const links = causeChain(error);
  for (const link of links) {
    const refusal = parseLogRefusal(errorText(link), httpStatus(link));
    if (refusal !== undefined) return refusal;
  }
  if (kind === "unavailable") return isTimeout(error) ? { kind: "timeout" } : undefined;
  const jsonRpcError = links.some((link) => link.name === "RpcRequestError" || (typeof link.code === "number" && link.code <= -32000));
  return jsonRpcError ? { kind: "range" } : undefined;
}
