import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseCid, PIN_STATES, type CarPartReceipt, type PinState, type PinStatus } from "../../core/ipfs/index.js";
import type { DurableBlockstore } from "./createDurableBlockstore.js";
import type { PinQueue } from "./createPinQueue.js";
import type { PinQuery, PinStore } from "./createPinStore.js";
import {
  isBadContentError,
  PayloadTooLargeError,
  PinApiBadRequestError,
  PinApiError,
  PinApiUnauthorizedError,
  RouteNotFoundError,
} from "./errors.js";
import { importCar, type ImportCarOptions } from "./importCar.js";
import { serveBlock } from "./serveBlock.js";

export interface PinApiOptions {
  token: string;
  pins: PinStore;
  queue: PinQueue;
  durable: DurableBlockstore;
  /** Where CAR blocks are written and where completeness is checked. */
  car: Omit<ImportCarOptions, "maxBytes">;
  maxCarBytes: number;
  /** Multiaddrs returned as `delegates` and in /health. */
  multiaddrs: () => string[];
  health: () => Record<string, unknown>;
  corsOrigin: string;
  log: (line: string) => void;
}

const MAX_JSON_BYTES = 64 * 1024;
/** After an early error, read at most this much more of the body so the client sees the answer, then hang up. */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

/** A JSON answer, or a handler that writes the response itself. */
type Reply = { status: number; body: unknown } | { stream: (res: ServerResponse) => Promise<void> };

/**
 * The HTTP pinning API: IPFS Pinning Service API (`/pins`), Cairn's `POST /car`
 * fast path (`?partial=1` stores one part of a DAG sent in several CARs; the
 * last, unflagged CAR carries the root and makes the pin), unauthenticated
 * trustless-gateway reads (`GET /ipfs/<cid>`) and `GET /health`.
 */
export function createPinApi(options: PinApiOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const expectedToken = digest(options.token);

  const routes: Array<{ method: string; pattern: RegExp; auth: boolean; handler: (req: IncomingMessage, url: URL, id: string) => Promise<Reply> }> = [
    { method: "GET", pattern: /^\/health$/, auth: false, handler: async () => ({ status: 200, body: options.health() }) },
    { method: "POST", pattern: /^\/pins$/, auth: true, handler: (req) => addPin(req) },
    { method: "GET", pattern: /^\/pins$/, auth: true, handler: async (_req, url) => ({ status: 200, body: options.pins.query(parseQuery(url)) }) },
    { method: "GET", pattern: /^\/pins\/([^/]+)$/, auth: true, handler: async (_req, _url, id) => ({ status: 200, body: options.pins.get(id) }) },
    {
      method: "DELETE",
      pattern: /^\/pins\/([^/]+)$/,
      auth: true,
      handler: async (_req, _url, id) => {
        await options.pins.remove(id);
        return { status: 202, body: undefined };
      },
    },
    { method: "POST", pattern: /^\/car$/, auth: true, handler: (req, url) => uploadCar(req, url) },
    {
      method: "GET",
      pattern: /^\/ipfs\/([^/]+)$/,
      auth: false,
      handler: async (req, url, cid) => {
        const wantsCar = url.searchParams.get("format") === "car" || (req.headers.accept ?? "").includes("application/vnd.ipld.car");
        return { stream: (res) => serveBlock(res, options.car.local, cid, wantsCar) };
      },
    },
  ];

  async function addPin(req: IncomingMessage): Promise<{ status: number; body: PinStatus }> {
    const input = await readJson(req);
    const cid = parseCid(typeof input.cid === "string" ? input.cid : "").toString();
    const name = optionalString(input.name, "name", 255);
    const origins = optionalStrings(input.origins, "origins", 20);
    const existing = (["pinned", "pinning", "queued"] as const).map((status) => options.pins.findByCid(cid, status)).find(Boolean);
    if (existing) return { status: 202, body: existing };
    const record = await options.pins.create({
      status: "queued",
      pin: { cid, ...(name === undefined ? {} : { name }), ...(origins === undefined ? {} : { origins }) },
      delegates: options.multiaddrs(),
    });
    options.queue.enqueue(record);
    return { status: 202, body: record };
  }

  async function uploadCar(req: IncomingMessage, url: URL): Promise<{ status: number; body: PinStatus | CarPartReceipt }> {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > options.maxCarBytes) throw new PayloadTooLargeError(options.maxCarBytes);
    const name = optionalString(url.searchParams.get("name") ?? undefined, "name", 255);
    const partial = url.searchParams.get("partial") === "1";
    const started = performance.now();
    const result = await importCar(bodyOf(req), { ...options.car, maxBytes: options.maxCarBytes, partial });
    if (partial) return { status: 200, body: { blocks: result.blocks, bytes: result.bytes } };
    await options.durable.sync(result.dag);
    const records: PinStatus[] = [];
    for (const root of result.roots) {
      const cid = root.toString();
      records.push(
        options.pins.findByCid(cid, "pinned") ??
          (await options.pins.create({
            status: "pinned",
            pin: { cid, ...(name === undefined ? {} : { name }) },
            delegates: options.multiaddrs(),
            info: { blocks: String(result.dag.length), source: "car" },
          })),
      );
    }
    const ms = performance.now() - started;
    options.log(`pinned ${result.roots.join(", ")} from CAR (${result.blocks} blocks, ${result.bytes} bytes, ${ms.toFixed(0)} ms)`);
    return { status: 200, body: records[0]! };
  }

  function authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? "";
    const match = /^Bearer (.+)$/i.exec(header);
    return match !== null && timingSafeEqual(digest(match[1]!), expectedToken);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader("access-control-allow-origin", options.corsOrigin);
    res.setHeader("access-control-allow-headers", "authorization, content-type");
    res.setHeader("access-control-allow-methods", "GET, POST, DELETE, OPTIONS");
    res.setHeader("access-control-max-age", "600");
    if (req.method === "OPTIONS") return send(res, 204, undefined);
    const url = new URL(req.url ?? "/", "http://pinning.local");
    try {
      for (const route of routes) {
        const match = route.pattern.exec(url.pathname);
        if (!match || route.method !== req.method) continue;
        if (route.auth && !authorized(req)) throw new PinApiUnauthorizedError();
        const reply = await route.handler(req, url, decodeURIComponent(match[1] ?? ""));
        if ("stream" in reply) return await reply.stream(res);
        return send(res, reply.status, reply.body);
      }
      throw new RouteNotFoundError(req.method ?? "?", url.pathname);
    } catch (error) {
      await drain(req);
      const { status, reason, details } = describe(error);
      if (status >= 500) options.log(`${req.method} ${url.pathname} failed: ${details}`);
      return send(res, status, { error: { reason, details } }, !req.complete);
    }
  }

  return (req, res) => void handle(req, res);
}

function describe(error: unknown): { status: number; reason: string; details: string } {
  if (error instanceof PinApiError) return { status: error.httpStatus, reason: error.reason, details: error.shortMessage };
  if (isBadContentError(error) || error instanceof URIError) return { status: 400, reason: "BAD_REQUEST", details: (error as Error).message };
  return { status: 500, reason: "INTERNAL_SERVER_ERROR", details: error instanceof Error ? error.message : String(error) };
}

function send(res: ServerResponse, status: number, body: unknown, closeConnection = false): void {
  if (closeConnection) res.setHeader("connection", "close");
  if (body === undefined) {
    res.writeHead(status).end();
  } else {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  }
}

/** Consume what is left of a rejected request body (bounded) so the client can read our answer. */
async function drain(req: IncomingMessage): Promise<void> {
  if (req.complete || req.destroyed) return;
  let drained = 0;
  try {
    for await (const chunk of bodyOf(req)) {
      drained += chunk.length;
      if (drained > MAX_DRAIN_BYTES) break;
    }
  } catch {
    // the client hung up: nothing left to drain
  }
}

/** The request body as chunks; stopping early leaves the socket open so an error can still be answered. */
function bodyOf(req: IncomingMessage): AsyncIterable<Buffer> {
  return req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of bodyOf(req)) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) throw new PayloadTooLargeError(MAX_JSON_BYTES);
    chunks.push(chunk);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
    return parsed as Record<string, unknown>;
  } catch (cause) {
    throw new PinApiBadRequestError("Body must be a JSON object.", { cause });
  }
}

function optionalString(value: unknown, field: string, maxLength: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value.length > maxLength) throw new PinApiBadRequestError(`"${field}" must be a string of at most ${maxLength} characters.`);
  return value;
}

function optionalStrings(value: unknown, field: string, maxItems: number): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > maxItems || !value.every((v) => typeof v === "string" && v.length <= 1024)) {
    throw new PinApiBadRequestError(`"${field}" must be an array of at most ${maxItems} strings.`);
  }
  return value as string[];
}

function parseQuery(url: URL): PinQuery {
  const list = (key: string): string[] | undefined => url.searchParams.get(key)?.split(",").filter(Boolean);
  const statuses = list("status") ?? ["pinned"];
  if (!statuses.every((s) => (PIN_STATES as readonly string[]).includes(s))) throw new PinApiBadRequestError(`"status" must be a list of ${PIN_STATES.join(", ")}.`);
  const limit = Number(url.searchParams.get("limit") ?? 10);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new PinApiBadRequestError('"limit" must be an integer from 1 to 1000.');
  const date = (key: string): string | undefined => {
    const value = url.searchParams.get(key);
    if (value === null) return undefined;
    if (Number.isNaN(Date.parse(value))) throw new PinApiBadRequestError(`"${key}" must be an ISO 8601 date.`);
    return new Date(value).toISOString();
  };
  const cids = list("cid")?.map((cid) => parseCid(cid).toString());
  if (cids && cids.length > 100) throw new PinApiBadRequestError('"cid" lists at most 100 CIDs.');
  return { cids, name: url.searchParams.get("name") ?? undefined, statuses: statuses as PinState[], before: date("before"), after: date("after"), limit };
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
