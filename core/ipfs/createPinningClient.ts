import {
  IpfsAbortedError,
  PinningBadRequestError,
  PinningFailedError,
  PinningProtocolError,
  PinningQuotaExceededError,
  PinningUnauthorizedError,
  PinningUnavailableError,
} from "./errors.js";
import type { CID } from "multiformats/cid";
import { carParts } from "./carParts.js";
import type { PinningAuth } from "./createPinningAuth.js";
import { parseCid, type CidInput } from "./parseCid.js";
import { readErrorReason } from "./readErrorReason.js";
import { sleep } from "./sleep.js";
import type { CarPartReceipt, PinResults, PinState, PinStatus } from "./pinStatus.js";
import { toBodyStream } from "./toBodyStream.js";
import type { AbortOptions, BlockStore } from "./types.js";

/** A CAR to upload: bytes, a Blob, a stream, or a factory returning a fresh stream (replayable, so retried). */
export type CarSource = Uint8Array | Blob | AsyncIterable<Uint8Array> | (() => AsyncIterable<Uint8Array>);

export interface PinningClientConfig {
  /** Base URL of the Pinning Service API, e.g. `http://127.0.0.1:5050`. */
  url: string;
  /** A fixed bearer token (a service that issues its own), or `auth`: */
  token?: string;
  /** Per-account sign-in (Cairn's node): tokens from signed EIP-4361 messages, renewed on HTTP 401. */
  auth?: Pick<PinningAuth, "token" | "invalidate">;
  fetch?: typeof globalThis.fetch;
  /** Attempts per request on network errors, HTTP 429 and 5xx (default 4). */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt (default 250 ms). */
  backoffMs?: number;
  /**
   * How `uploadCar` sends a stream: `"stream"` (chunked request body; Node) or
   * `"blob"` (collected into a Blob first, which browsers spill to disk; needed
   * because browsers only stream request bodies over HTTP/2). Default: blob in
   * a browser, stream elsewhere.
   */
  uploadMode?: "stream" | "blob";
}

export interface PinOptions extends AbortOptions {
  name?: string;
  /** Multiaddrs of peers that have the content (the pinner dials them). */
  origins?: string[];
}

export interface CarUploadOptions extends PinOptions {
  /** Cairn's node drops the pin after its grace period unless `confirm`ed (a message not posted yet). */
  provisional?: boolean;
}

export interface WaitPinnedOptions extends AbortOptions {
  /** Give up after this long (default 120 s). */
  timeoutMs?: number;
  /** Poll interval (default 300 ms). */
  intervalMs?: number;
}

export interface ListOptions extends AbortOptions {
  cid?: CidInput[];
  status?: PinState[];
  limit?: number;
}

export interface PinningClient {
  /** POST /pins — ask the service to fetch and pin `cid`. */
  pin(cid: CidInput, options?: PinOptions): Promise<PinStatus>;
  /** GET /pins/:requestid */
  status(requestId: string, options?: AbortOptions): Promise<PinStatus>;
  /** GET /pins?cid= — the newest pin request for `cid`, if any. */
  find(cid: CidInput, options?: AbortOptions): Promise<PinStatus | undefined>;
  /** Poll GET /pins?cid= until the pin is `pinned`; `PinningFailedError` if it fails or times out. */
  waitPinned(cid: CidInput, options?: WaitPinnedOptions): Promise<PinStatus>;
  /** GET /pins */
  list(options?: ListOptions): Promise<PinResults>;
  /** DELETE /pins/:requestid */
  remove(requestId: string, options?: AbortOptions): Promise<void>;
  /** POST /pins/:requestid with the same CID (the API's "replace"): makes a provisional pin permanent. */
  confirm(requestId: string, cid: CidInput, options?: AbortOptions): Promise<PinStatus>;
  /** POST /car — upload a whole DAG as a CAR, root first; resolves once the service has it durably pinned. */
  uploadCar(car: CarSource, options?: CarUploadOptions): Promise<PinStatus>;
  /**
   * Upload the DAG under `root` from `blockstore` as a series of CARs of about
   * `partBytes` (default 32 MiB; each part retried on its own) and pin it with
   * the last one. Memory stays within one part: the way to send big files from
   * a browser, which cannot stream a request body over HTTP/1.1.
   */
  uploadDag(blockstore: BlockStore, root: CID, options?: UploadDagOptions): Promise<PinStatus>;
}

export interface UploadDagOptions extends CarUploadOptions {
  partBytes?: number;
  /** Called after each part is stored with the total CAR bytes sent so far. */
  onProgress?: (bytesSent: number) => void;
  /** Called as the last part, the one that makes the service pin the DAG, starts; with the CAR bytes sent before it. */
  onLastPart?: (bytesSent: number) => void;
}

const CAR_TYPE = "application/vnd.ipld.car";
const DEFAULT_PART_BYTES = 32 * 1024 * 1024;

interface RequestSpec {
  method: string;
  path: string;
  query?: URLSearchParams;
  json?: unknown;
  body?: () => BodyInit | Promise<BodyInit>;
  contentType?: string;
  replayable?: boolean;
  signal?: AbortSignal;
}

const STATUS_ALL = "queued,pinning,pinned,failed";

/** Client for an IPFS Pinning Service API endpoint (plus Cairn's `POST /car` fast path). */
export function createPinningClient(config: PinningClientConfig): PinningClient {
  const baseUrl = config.url.replace(/\/+$/, "");
  const doFetch = config.fetch ?? globalThis.fetch.bind(globalThis);
  const maxAttempts = Math.max(1, config.maxAttempts ?? 4);
  const backoffMs = config.backoffMs ?? 250;
  const uploadMode = config.uploadMode ?? ("document" in globalThis ? "blob" : "stream");

  async function request<T>(spec: RequestSpec): Promise<T> {
    const attempts = spec.replayable === false ? 1 : maxAttempts;
    let lastProblem: { cause?: unknown; details?: string } = {};
    let signedInAgain = false;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep(backoffMs * 2 ** (attempt - 2) * (0.5 + Math.random()), spec.signal);
      const token = config.auth ? await config.auth.token({ signal: spec.signal }) : config.token;
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}${spec.path}${spec.query?.size ? `?${spec.query}` : ""}`, await init(spec, token));
      } catch (cause) {
        if (spec.signal?.aborted) throw new IpfsAbortedError({ cause });
        lastProblem = { cause, details: `${spec.method} ${spec.path}: ${String(cause)}` };
        continue;
      }
      if (response.ok) {
        let text: string;
        try {
          text = await response.text();
        } catch (cause) {
          if (spec.signal?.aborted) throw new IpfsAbortedError({ cause });
          lastProblem = { cause, details: `${spec.method} ${spec.path}: answer cut off` };
          continue;
        }
        return parseAnswer<T>(text, `${spec.method} ${spec.path}`);
      }
      const { code, text: reason } = await readErrorReason(response);
      if (code === "QUOTA_EXCEEDED") throw new PinningQuotaExceededError(response.status, reason);
      if (response.status === 401 && config.auth && token !== undefined && !signedInAgain && spec.replayable !== false) {
        // The token expired or was revoked: sign in once more and repeat the request.
        config.auth.invalidate(token);
        signedInAgain = true;
        attempt--;
        continue;
      }
      if (response.status === 401 || response.status === 403) throw new PinningUnauthorizedError(response.status, reason);
      if (response.status >= 500 || response.status === 429) {
        lastProblem = { details: `${spec.method} ${spec.path}: HTTP ${response.status} ${reason}` };
        continue;
      }
      throw new PinningBadRequestError(response.status, reason, code);
    }
    throw new PinningUnavailableError(attempts, lastProblem);
  }

  async function init(spec: RequestSpec, token: string | undefined): Promise<RequestInit> {
    const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
    let body: BodyInit | undefined;
    if (spec.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(spec.json);
    } else if (spec.body) {
      headers["content-type"] = spec.contentType ?? "application/octet-stream";
      body = await spec.body();
    }
    const streaming = typeof ReadableStream !== "undefined" && body instanceof ReadableStream;
    return { method: spec.method, headers, body, signal: spec.signal, ...(streaming ? { duplex: "half" } : {}) } as RequestInit;
  }

  async function carBody(car: CarSource): Promise<{ body: () => BodyInit | Promise<BodyInit>; replayable: boolean }> {
    if (car instanceof Uint8Array) return { body: () => new Blob([car as Uint8Array<ArrayBuffer>]), replayable: true };
    if (car instanceof Blob) return { body: () => car, replayable: true };
    const open = typeof car === "function" ? car : () => car;
    if (uploadMode === "blob") {
      const blob = await collectBlob(open());
      return { body: () => blob, replayable: true };
    }
    return { body: () => toBodyStream(open()), replayable: typeof car === "function" };
  }

  const client: PinningClient = {
    async pin(cid, options = {}) {
      const pin = { cid: parseCid(cid).toString(), name: options.name, origins: options.origins };
      return await request<PinStatus>({ method: "POST", path: "/pins", json: pin, signal: options.signal });
    },

    async status(requestId, options = {}) {
      return await request<PinStatus>({ method: "GET", path: `/pins/${encodeURIComponent(requestId)}`, signal: options.signal });
    },

    async find(cid, options = {}) {
      const { results } = await client.list({ cid: [cid], signal: options.signal });
      return results.sort((a, b) => b.created.localeCompare(a.created))[0];
    },

    async waitPinned(cid, options = {}) {
      const key = parseCid(cid).toString();
      const deadline = Date.now() + (options.timeoutMs ?? 120_000);
      for (;;) {
        const found = await client.find(key, options);
        if (found?.status === "pinned") return found;
        if (found?.status === "failed") throw new PinningFailedError(key, "failed");
        if (Date.now() >= deadline) throw new PinningFailedError(key, found ? `${found.status} (timed out)` : "not found (timed out)");
        await sleep(options.intervalMs ?? 300, options.signal);
      }
    },

    async list(options = {}) {
      const query = new URLSearchParams({ status: (options.status ?? []).join(",") || STATUS_ALL });
      if (options.cid?.length) query.set("cid", options.cid.map((c) => parseCid(c).toString()).join(","));
      if (options.limit !== undefined) query.set("limit", String(options.limit));
      return await request<PinResults>({ method: "GET", path: `/pins?${query}`, signal: options.signal });
    },

    async remove(requestId, options = {}) {
      await request<void>({ method: "DELETE", path: `/pins/${encodeURIComponent(requestId)}`, signal: options.signal });
    },

    async confirm(requestId, cid, options = {}) {
      const pin = { cid: parseCid(cid).toString() };
      return await request<PinStatus>({ method: "POST", path: `/pins/${encodeURIComponent(requestId)}`, json: pin, signal: options.signal });
    },

    async uploadCar(car, options = {}) {
      const { body, replayable } = await carBody(car);
      return await request<PinStatus>({ method: "POST", path: "/car", query: carQuery(options), body, contentType: CAR_TYPE, replayable, signal: options.signal });
    },

    async uploadDag(blockstore, root, options = {}) {
      try {
        return await sendParts(blockstore, root, options);
      } catch (error) {
        // The service lost the upload between parts (it restarted, or the upload sat idle too long): start over once.
        if (!(error instanceof PinningBadRequestError && error.code === "UPLOAD_NOT_FOUND")) throw error;
        return await sendParts(blockstore, root, options);
      }
    },
  };

  /** The parts of one upload (`upload=<random id>&part=<n>`), each retried on its own; the last one pins. */
  async function sendParts(blockstore: BlockStore, root: CID, options: UploadDagOptions): Promise<PinStatus> {
    const upload = randomId();
    const parts = carParts(blockstore, root, { partBytes: options.partBytes ?? DEFAULT_PART_BYTES, signal: options.signal });
    let sent = 0;
    for (let part = 0, next = await parts.next(); ; part++, next = await parts.next()) {
      const car = next.value;
      const body = new Blob([car as Uint8Array<ArrayBuffer>], { type: CAR_TYPE });
      const query = carQuery(options, { upload, part: String(part), ...(next.done ? {} : { partial: "1" }) });
      if (next.done) {
        options.onLastPart?.(sent);
        const status = await request<PinStatus>({ method: "POST", path: "/car", query, body: () => body, contentType: CAR_TYPE, signal: options.signal });
        options.onProgress?.(sent + car.length);
        return status;
      }
      await request<CarPartReceipt>({ method: "POST", path: "/car", query, body: () => body, contentType: CAR_TYPE, signal: options.signal });
      sent += car.length;
      options.onProgress?.(sent);
    }
  }

  return client;
}

function carQuery(options: CarUploadOptions, extra: Record<string, string> = {}): URLSearchParams {
  const query = new URLSearchParams(extra);
  if (options.name) query.set("name", options.name);
  if (options.provisional) query.set("provisional", "1");
  return query;
}

/** 128 random bits, hex: names one upload's parts. */
function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function parseAnswer<T>(text: string, request: string): T {
  if (text === "") return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new PinningProtocolError(request, text, { cause });
  }
}

async function collectBlob(source: AsyncIterable<Uint8Array>): Promise<Blob> {
  const parts: Blob[] = [];
  for await (const chunk of source) parts.push(new Blob([chunk as Uint8Array<ArrayBuffer>]));
  return new Blob(parts, { type: CAR_TYPE });
}
