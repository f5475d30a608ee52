import { IpfsAbortedError, PinningHealthInvalidError, PinningHealthUnreachableError } from "./errors.js";

/** What Cairn's pinning node answers on `GET /health`. */
export interface PinningHealth {
  peerId: string | undefined;
  /** Every multiaddr the node announces. */
  multiaddrs: string[];
  /** The WebSocket multiaddrs with a peer id, which browsers and the CLI dial. */
  webSockets: string[];
  /** How many pins the node holds, when it says. */
  pins: number | undefined;
}

export interface ReadPinningHealthOptions {
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");

/** Checks a `/health` body (`url` only names it in errors). */
export function parsePinningHealth(body: unknown, url: string): PinningHealth {
  if (typeof body !== "object" || body === null) throw new PinningHealthInvalidError(url, "not a JSON object");
  const { peerId, multiaddrs, pins } = body as Record<string, unknown>;
  if (!isStringArray(multiaddrs)) throw new PinningHealthInvalidError(url, "multiaddrs is not a list of strings");
  if (peerId !== undefined && typeof peerId !== "string") throw new PinningHealthInvalidError(url, "peerId is not a string");
  if (pins !== undefined && typeof pins !== "number") throw new PinningHealthInvalidError(url, "pins is not a number");
  return {
    peerId,
    multiaddrs,
    webSockets: multiaddrs.filter((address) => address.includes("/ws") && address.includes("/p2p/")),
    pins,
  };
}

/**
 * Reads the pinning node at `pinUrl` (its API base URL): `GET <pinUrl>/health`, uncached.
 * Throws `PinningHealthUnreachableError` without an answer or on an HTTP error, and
 * `PinningHealthInvalidError` when the answer is not the node's health record.
 */
export async function readPinningHealth(pinUrl: string, options: ReadPinningHealthOptions = {}): Promise<PinningHealth> {
  const url = `${pinUrl.replace(/\/+$/, "")}/health`;
  const request = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await request(url, { cache: "no-store", signal: options.signal });
  } catch (cause) {
    if (options.signal?.aborted) throw new IpfsAbortedError({ cause });
    throw new PinningHealthUnreachableError(url, { cause });
  }
  if (!response.ok) throw new PinningHealthUnreachableError(url, { status: response.status });
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw new PinningHealthInvalidError(url, "not JSON", { cause });
  }
  return parsePinningHealth(body, url);
}
