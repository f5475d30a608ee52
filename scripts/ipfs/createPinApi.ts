import type { Mortice } from "mortice";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CID } from "multiformats/cid";
import { parseCid, PIN_STATES, type CarPartReceipt, type PinState, type PinStatus } from "@cairn/core/ipfs";
import type { ChallengeStore } from "./createChallengeStore.js";
import type { DurableBlockstore } from "./createDurableBlockstore.js";
import type { GarbageCollector } from "./createGarbageCollector.js";
import type { PinQueue } from "./createPinQueue.js";
import type { PinQuery, PinRecord, PinStore } from "./createPinStore.js";
import type { TokenStore } from "./createTokenStore.js";
import type { UploadSession, UploadSessions } from "./createUploadSessions.js";
import {
  BlockWriteError,
  BodyTimeoutError,
  isBadContentError,
  OriginNotAllowedError,
  PayloadTooLargeError,
  PinApiBadRequestError,
  PinApiError,
  PinApiUnauthorizedError,
  PinCountQuotaError,
  RouteNotFoundError,
  UploadsBusyError,
} from "./errors.js";
import { importCar, type ImportCarOptions, type ImportLimits } from "./importCar.js";
import { serveBlock } from "./serveBlock.js";
import type { PeerReader } from "./createPeerReader.js";
import { verifySignIn, type SignInPolicy } from "./verifySignIn.js";

export interface PinQuota {
  /** Pin records an account may hold (any status). */
  maxPins: number;
  /** Bytes of pinned DAGs (and open uploads) an account may hold. */
  maxBytes: number;
}

export interface PinApiOptions {
  pins: PinStore;
  queue: PinQueue;
  durable: DurableBlockstore;
  /** Reads the gateway's misses from the peered pinning nodes. */
  peerReader: PeerReader;
  /** Where CAR blocks are written (the node's Helia blockstore, so waiting peers are notified). */
  target: ImportCarOptions["target"];
  sessions: UploadSessions;
  gc: GarbageCollector;
  /** Uploads write under its read lock (garbage collection takes the write lock). */
  lock: Mortice;
  challenges: ChallengeStore;
  tokens: TokenStore;
  signIn: SignInPolicy;
  /** Browser origins served (CORS); any other Origin is refused on every route but the gateway and /health. */
  allowedOrigins: readonly string[];
  quota: PinQuota;
  limits: ImportLimits;
  /** How long a provisional pin (`POST /car?provisional=1`) lives unless confirmed. */
  provisionalGraceMs: number;
  /** Turns for CAR requests: a lock taken only for reading, whose concurrency is how many are processed at once. */
  uploadSlots: Mortice;
  /** CAR requests that may wait for a turn (their bodies unread); more get 503. */
  maxWaitingUploads: number;
  /** A JSON body must arrive within this time. */
  jsonBodyTimeoutMs: number;
  /** Multiaddrs returned as `delegates` and in /health. */
  multiaddrs: () => string[];
  health: () => Record<string, unknown>;
  log: (line: string) => void;
}

const MAX_JSON_BYTES = 64 * 1024;
const UPLOAD_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** Statuses that hold a pin's blocks. */
const HOLDING: readonly PinState[] = ["queued", "pinning", "pinned"];

/** A JSON answer, or a handler that writes the response itself. */
type Reply = { status: number; body: unknown } | { stream: (res: ServerResponse) => Promise<void> };
type Handler = (req: IncomingMessage, url: URL, param: string, account: string) => Promise<Reply>;

/**
 * The HTTP pinning API. Sign-in (EIP-4361): `POST /auth/challenge` issues a nonce, `POST
 * /auth/token` exchanges a signed message for a per-account bearer token; `DELETE /auth/token`
 * revokes the token it is sent with (sign-out), `DELETE /auth/tokens` every token of its
 * account (sign-out everywhere). With the token, the IPFS Pinning Service API (`/pins`),
 * scoped to the account, and Cairn's `POST /car` upload (root first;
 * `?upload=<id>&part=<n>&partial=1` for a DAG sent as several CARs; `?provisional=1` for a pin
 * dropped after a grace period unless confirmed with `POST /pins/<requestid>`).
 * Unauthenticated: trustless-gateway reads (`GET /ipfs/<cid>`) and `GET /health`.
 */
export function createPinApi(options: PinApiOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { pins, sessions, gc } = options;
  let waiting = 0;
  const creating = new Map<string, Promise<PinRecord>>();

  const routes: Array<{ method: string; pattern: RegExp; auth: boolean; handler: Handler }> = [
    { method: "GET", pattern: /^\/health$/, auth: false, handler: async () => ({ status: 200, body: options.health() }) },
    { method: "POST", pattern: /^\/auth\/challenge$/, auth: false, handler: async () => ({ status: 200, body: options.challenges.issue() }) },
    { method: "POST", pattern: /^\/auth\/token$/, auth: false, handler: (req) => signIn(req) },
    { method: "DELETE", pattern: /^\/auth\/token$/, auth: true, handler: async (req, _url, _id, account) => signedOut(account, await options.tokens.revoke(bearerOf(req))) },
    { method: "DELETE", pattern: /^\/auth\/tokens$/, auth: true, handler: async (_req, _url, _id, account) => signedOut(account, await options.tokens.revokeAccount(account)) },
    { method: "POST", pattern: /^\/pins$/, auth: true, handler: async (req, _url, _id, account) => ({ status: 202, body: toStatus(await addPin(account, await readJson(req))) }) },
    {
      method: "GET",
      pattern: /^\/pins$/,
      auth: true,
      handler: async (_req, url, _id, account) => {
        const { count, results } = pins.query(account, parseQuery(url));
        return { status: 200, body: { count, results: results.map(toStatus) } };
      },
    },
    { method: "GET", pattern: /^\/pins\/([^/]+)$/, auth: true, handler: async (_req, _url, id, account) => ({ status: 200, body: toStatus(pins.get(account, id)) }) },
    { method: "POST", pattern: /^\/pins\/([^/]+)$/, auth: true, handler: (req, _url, id, account) => replacePin(req, id, account) },
    {
      method: "DELETE",
      pattern: /^\/pins\/([^/]+)$/,
      auth: true,
      handler: async (_req, _url, id, account) => {
        await removePin(account, id);
        return { status: 202, body: undefined };
      },
    },
    { method: "POST", pattern: /^\/car$/, auth: true, handler: (req, url, _id, account) => uploadCar(req, url, account) },
    {
      method: "GET",
      pattern: /^\/ipfs\/([^/]+)$/,
      auth: false,
      handler: async (req, url, cid) => {
        const wantsCar = url.searchParams.get("format") === "car" || (req.headers.accept ?? "").includes("application/vnd.ipld.car");
        const onlyIfCached = (req.headers["cache-control"] ?? "").includes("only-if-cached");
        return { stream: (res) => serveBlock(res, { local: options.durable.store, peers: options.peerReader }, cid, { wantsCar, onlyIfCached }) };
      },
    },
  ];

  async function signIn(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const input = await readJson(req);
    const account = await verifySignIn(
      { message: input.message, signature: input.signature, origin: req.headers.origin, consumeNonce: options.challenges.consume, now: new Date() },
      options.signIn,
    );
    const issued = await options.tokens.issue(account);
    options.log(`signed in ${account}`);
    return { status: 200, body: issued };
  }

  function signedOut(account: string, revoked: number): { status: number; body: unknown } {
    options.log(`signed out ${account} (${revoked} token${revoked === 1 ? "" : "s"} revoked)`);
    return { status: 200, body: { revoked } };
  }

  async function addPin(account: string, input: Record<string, unknown>): Promise<PinRecord> {
    const cid = parseCid(typeof input.cid === "string" ? input.cid : "").toString();
    const name = optionalString(input.name, "name", 255);
    const origins = optionalStrings(input.origins, "origins", 20);
    const existing = pins.findByCid(account, cid, HOLDING);
    if (existing) return existing;
    checkPinCount(account);
    const record = await pins.create({
      owner: account,
      status: "queued",
      pin: { cid, ...(name === undefined ? {} : { name }), ...(origins === undefined ? {} : { origins }) },
      delegates: options.multiaddrs(),
      bytes: 0,
    });
    options.queue.enqueue(record);
    return record;
  }

  async function removePin(account: string, id: string): Promise<void> {
    const record = await pins.remove(account, id);
    gc.schedule([parseCid(record.pin.cid)]);
  }

  /** Pinning Service API "replace": the same CID confirms a provisional pin (and renames it); another CID is a new pin replacing this one. */
  async function replacePin(req: IncomingMessage, id: string, account: string): Promise<Reply> {
    const record = pins.get(account, id);
    const input = await readJson(req);
    const cid = parseCid(typeof input.cid === "string" ? input.cid : "").toString();
    if (cid !== record.pin.cid) {
      const replacement = await addPin(account, input);
      await removePin(account, id);
      return { status: 202, body: toStatus(replacement) };
    }
    const name = optionalString(input.name, "name", 255);
    const confirmed = await pins.update(id, { pin: { ...record.pin, name }, provisionalUntil: undefined });
    return { status: 202, body: toStatus(confirmed) };
  }

  async function uploadCar(req: IncomingMessage, url: URL, account: string): Promise<{ status: number; body: PinStatus | CarPartReceipt }> {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > options.limits.maxCarBytes) throw new PayloadTooLargeError(options.limits.maxCarBytes);
    const id = url.searchParams.get("upload") ?? undefined;
    if (id !== undefined && !UPLOAD_ID.test(id)) throw new PinApiBadRequestError('"upload" must be 8 to 64 characters of A-Z, a-z, 0-9, "_" and "-".');
    const part = Number(url.searchParams.get("part") ?? 0);
    if (!Number.isSafeInteger(part) || part < 0) throw new PinApiBadRequestError('"part" must be a non-negative integer.');
    const partial = url.searchParams.get("partial") === "1";
    if (partial && id === undefined) throw new PinApiBadRequestError('"partial=1" needs an "upload" id.');
    const provisional = url.searchParams.get("provisional") === "1";
    const name = optionalString(url.searchParams.get("name") ?? undefined, "name", 255);
    if (waiting >= options.maxWaitingUploads) throw new UploadsBusyError(`${waiting} waiting`);
    waiting++;
    const releaseSlot = await options.uploadSlots.readLock().finally(() => waiting--);
    let session: UploadSession;
    try {
      session = sessions.open(account, id, part);
    } catch (error) {
      releaseSlot();
      throw error;
    }
    const started = performance.now();
    session.running++;
    try {
      const run = session.tail.then(() => importUnderLock(req, session, account, !partial));
      session.tail = run.catch(() => undefined);
      await run;
    } catch (error) {
      // A refused part ends the upload and its blocks go at once; a client that went away may retry the part.
      if (id === undefined || req.complete || !req.destroyed) await abandon(session);
      throw error;
    } finally {
      releaseSlot();
      session.running--;
      session.lastActive = Date.now();
    }
    if (partial) return { status: 200, body: { blocks: session.blocks, bytes: session.bytes } };
    const root = session.root!;
    let record: PinRecord;
    try {
      record = await pinFor(account, root, { bytes: session.bytes, blocks: session.blocks, name, provisional });
    } catch (error) {
      await abandon(session);
      throw error;
    }
    sessions.close(session);
    options.log(`pinned ${root} from CAR (${session.blocks} blocks, ${session.bytes} bytes, ${(performance.now() - started).toFixed(0)} ms${provisional ? ", provisional" : ""})`);
    return { status: 200, body: toStatus(record) };
  }

  async function importUnderLock(req: IncomingMessage, session: UploadSession, account: string, final: boolean): Promise<void> {
    const release = await options.lock.readLock();
    try {
      const remaining = options.quota.maxBytes - pins.usage(account).bytes - sessions.bytesOf(account, session);
      await importCar(bodyOf(req), {
        ...options.limits,
        session,
        target: options.target,
        durable: options.durable,
        byteQuota: { limit: options.quota.maxBytes, remaining },
        final,
      });
    } finally {
      release();
    }
  }

  async function abandon(session: UploadSession): Promise<void> {
    sessions.close(session);
    if (session.root) await gc.collect([session.root]);
  }

  /** The account's pin of a complete DAG: one record per account and CID however many uploads race (a provisional one is extended or made permanent). */
  async function pinFor(account: string, root: CID, fields: { bytes: number; blocks: number; name?: string; provisional: boolean }): Promise<PinRecord> {
    const cid = root.toString();
    const key = `${account}/${cid}`;
    const provisionalUntil = fields.provisional ? new Date(Date.now() + options.provisionalGraceMs).toISOString() : undefined;
    const next = (creating.get(key) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        const existing = pins.findByCid(account, cid, ["pinned"]);
        if (existing !== undefined) {
          const permanent = existing.provisionalUntil === undefined;
          return permanent ? existing : await pins.update(existing.requestid, { provisionalUntil });
        }
        checkPinCount(account);
        return await pins.create({
          owner: account,
          status: "pinned",
          pin: { cid, ...(fields.name === undefined ? {} : { name: fields.name }) },
          delegates: options.multiaddrs(),
          bytes: fields.bytes,
          info: { blocks: String(fields.blocks), source: "car" },
          ...(provisionalUntil === undefined ? {} : { provisionalUntil }),
        });
      });
    creating.set(key, next);
    try {
      return await next;
    } finally {
      if (creating.get(key) === next) creating.delete(key);
    }
  }

  function checkPinCount(account: string): void {
    if (pins.usage(account).pins >= options.quota.maxPins) throw new PinCountQuotaError(options.quota.maxPins);
  }

  function accountOf(req: IncomingMessage): string {
    const account = options.tokens.accountOf(bearerOf(req));
    if (account === undefined) throw new PinApiUnauthorizedError();
    return account;
  }

  async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => req.destroy(new BodyTimeoutError(options.jsonBodyTimeoutMs)), options.jsonBodyTimeoutMs);
    try {
      for await (const chunk of bodyOf(req)) {
        size += chunk.length;
        if (size > MAX_JSON_BYTES) throw new PayloadTooLargeError(MAX_JSON_BYTES);
        chunks.push(chunk);
      }
    } catch (error) {
      throw req.errored instanceof BodyTimeoutError ? req.errored : error;
    } finally {
      clearTimeout(timer);
    }
    try {
      const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
      return parsed as Record<string, unknown>;
    } catch (cause) {
      throw new PinApiBadRequestError("Body must be a JSON object.", { cause });
    }
  }

  function toStatus(record: PinRecord): PinStatus {
    const { requestid, status, created, pin, delegates, info, provisionalUntil } = record;
    if (provisionalUntil === undefined) return { requestid, status, created, pin, delegates, ...(info ? { info } : {}) };
    return { requestid, status, created, pin, delegates, info: { ...info, provisional_until: provisionalUntil } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = req.headers.origin;
    const allowed = origin !== undefined && options.allowedOrigins.includes(origin);
    res.setHeader("vary", "origin");
    if (allowed) {
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("access-control-allow-headers", "authorization, content-type");
      res.setHeader("access-control-allow-methods", "GET, POST, DELETE, OPTIONS");
      res.setHeader("access-control-max-age", "600");
    }
    const url = new URL(req.url ?? "/", "http://pinning.local");
    try {
      if (req.method === "OPTIONS") {
        if (!allowed) throw new OriginNotAllowedError(origin ?? "(none)");
        return send(res, 204, undefined);
      }
      for (const route of routes) {
        const match = route.pattern.exec(url.pathname);
        if (!match || route.method !== req.method) continue;
        const isPublicRead = route.method === "GET" && !route.auth;
        if (origin !== undefined && !allowed && !isPublicRead) throw new OriginNotAllowedError(origin);
        const account = route.auth ? accountOf(req) : "";
        const reply = await route.handler(req, url, decodeURIComponent(match[1] ?? ""), account);
        // A body the route did not read (a GET's, or one sent to /auth/challenge) is not read either.
        if (!req.complete) closeUnread(req, res);
        if ("stream" in reply) return await reply.stream(res);
        return send(res, reply.status, reply.body);
      }
      throw new RouteNotFoundError(req.method ?? "?", url.pathname);
    } catch (error) {
      const { status, reason, details } = describe(error);
      if (status >= 500) options.log(`${req.method} ${url.pathname} failed: ${details}`);
      if (!req.complete) closeUnread(req, res);
      return send(res, status, { error: { reason, details } });
    }
  }

  return (req, res) => void handle(req, res);
}

function describe(error: unknown): { status: number; reason: string; details: string } {
  if (error instanceof PinApiError) return { status: error.httpStatus, reason: error.reason, details: error.shortMessage };
  if (error instanceof BlockWriteError) return { status: 500, reason: "INTERNAL_SERVER_ERROR", details: error.message };
  if (isBadContentError(error) || error instanceof URIError) return { status: 400, reason: "BAD_REQUEST", details: (error as Error).message };
  return { status: 500, reason: "INTERNAL_SERVER_ERROR", details: error instanceof Error ? error.message : String(error) };
}

/** How long a refused request's connection stays open after the answer, so that a client still sending its body can read it. */
const LINGER_MS = 1_000;

/**
 * Never read the rest of a refused (or unwanted) body: claim it (or Node would read and discard
 * it), answer with `Connection: close`, and close the connection a second later. Node would
 * destroy the socket as soon as the answer is written, and with unread bytes waiting the reset
 * can make the client lose the answer: half-close instead. What the client keeps sending
 * meanwhile stops in the socket buffers.
 */
function closeUnread(req: IncomingMessage, res: ServerResponse): void {
  req.read(0);
  res.setHeader("connection", "close");
  const socket = req.socket;
  socket.destroySoon = () => {
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
}

/** The request's bearer token (`Authorization: Bearer <token>`). */
function bearerOf(req: IncomingMessage): string {
  const match = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "");
  if (!match) throw new PinApiUnauthorizedError();
  return match[1]!;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  if (body === undefined) {
    res.writeHead(status).end();
  } else {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  }
}

/** The request body as chunks; stopping early leaves the socket open so an error can still be answered. */
function bodyOf(req: IncomingMessage): AsyncIterable<Buffer> {
  return req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
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
