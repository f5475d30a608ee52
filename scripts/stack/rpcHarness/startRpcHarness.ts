/**
 * The testnet-like RPC harness: a JSON-RPC HTTP proxy (127.0.0.1) in front of the local node
 * that behaves like a public endpoint, so that the app, the CLI, tests and benchmarks meet the
 * limits real users meet:
 *
 * - `eth_getLogs` block-range and result caps, refused with a real provider's error shape
 *   (providerErrors.ts);
 * - a token-bucket rate limit per JSON-RPC call (a batch of 10 costs 10), refused with HTTP 429
 *   and `Retry-After`;
 * - added latency per HTTP request;
 * - faults injected at run time (faults.ts): delay, stall, dropped or truncated replies, throttling;
 * - counts of calls by method.
 *
 * Library API: {@link startRpcHarness} → {@link RpcHarness}. The same controls over HTTP, on
 * the proxy's own port: `GET /__harness/stats`, `POST /__harness/reset`, `GET|POST
 * /__harness/config`, `GET|POST|DELETE /__harness/faults`, `DELETE /__harness/faults/<id>`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_HARNESS_CONFIG, type HarnessConfig } from "./harnessConfig.js";
import { FaultBook, type ActiveFault, type FaultKind, type FaultRule } from "./faults.js";
import {
  blockRangeRefusal,
  PROVIDER_ERROR_STYLES,
  RATE_LIMITED,
  resultCountRefusal,
  type ProviderRefusal,
} from "./providerErrors.js";
import { TokenBucket } from "./tokenBucket.js";

export const CONTROL_PATH = "/__harness";

export interface HarnessStats {
  /** When counting started (start or last reset), ISO time. */
  since: string;
  httpRequests: number;
  /** JSON-RPC calls received (each call of a batch counts), refused ones included. */
  calls: number;
  byMethod: Record<string, number>;
  refused: { rateLimited: number; blockRange: number; resultCount: number };
  /** Requests each kind of fault was applied to. */
  faults: Record<FaultKind, number>;
}

export interface RpcHarness {
  /** The JSON-RPC endpoint clients use. */
  url: string;
  /** Base of the control endpoint (`<url>/__harness`). */
  controlUrl: string;
  upstreamUrl: string;
  stats(): HarnessStats;
  /** Zeroes the counters and refills the rate budget. */
  reset(): void;
  config(): HarnessConfig;
  /** Changes settings at run time; returns the new settings. */
  configure(changes: Partial<HarnessConfig>): HarnessConfig;
  /** Adds a fault rule; returns its id. */
  addFault(rule: FaultRule): number;
  removeFault(id: number): boolean;
  clearFaults(): void;
  faults(): ActiveFault[];
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** The node the harness forwards to. */
  upstreamUrl: string;
  /** 0 (default): any free port. */
  port?: number;
  config?: Partial<HarnessConfig>;
}

interface RpcCall {
  jsonrpc?: string;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

interface RpcAnswer {
  jsonrpc: "2.0";
  id: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

interface LogsFilter {
  fromBlock?: string;
  toBlock?: string;
  blockHash?: string;
}

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, GET, DELETE, OPTIONS",
  "access-control-allow-headers": "content-type, authorization",
  "access-control-expose-headers": "retry-after",
};

function emptyStats(): HarnessStats {
  return {
    since: new Date().toISOString(),
    httpRequests: 0,
    calls: 0,
    byMethod: {},
    refused: { rateLimited: 0, blockRange: 0, resultCount: 0 },
    faults: { delay: 0, stall: 0, drop: 0, truncate: 0, throttle: 0 },
  };
}

function validConfig(config: HarnessConfig): HarnessConfig {
  for (const key of ["logsBlockRangeCap", "logsResultCap", "requestsPerSecond", "burst", "latencyMs"] as const) {
    if (!(Number.isFinite(config[key]) && config[key] >= 0)) throw new TypeError(`harness ${key} must be a number ≥ 0`);
  }
  if (!PROVIDER_ERROR_STYLES.includes(config.errorStyle)) {
    throw new TypeError(`harness errorStyle must be one of ${PROVIDER_ERROR_STYLES.join(", ")}`);
  }
  return config;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...CORS_HEADERS, "content-type": "application/json", ...headers });
  res.end(text);
}

/** A block tag or number of a log filter, against the current head. */
function blockOf(tag: string | undefined, head: number): number {
  if (tag === undefined || ["latest", "pending", "safe", "finalized"].includes(tag)) return head;
  if (tag === "earliest") return 0;
  return Number(tag);
}

export async function startRpcHarness(options: HarnessOptions): Promise<RpcHarness> {
  let config = validConfig({ ...DEFAULT_HARNESS_CONFIG, ...options.config });
  const bucket = new TokenBucket(config.requestsPerSecond, Math.max(1, config.burst));
  const faults = new FaultBook();
  let stats = emptyStats();
  const hung = new Set<ServerResponse>();
  const sockets = new Set<Socket>();

  const upstream = async (body: unknown): Promise<unknown> => {
    const response = await fetch(options.upstreamUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return response.json();
  };
  const upstreamHead = async (): Promise<number> =>
    Number(((await upstream({ jsonrpc: "2.0", id: 0, method: "eth_blockNumber", params: [] })) as RpcAnswer).result);

  /** The block range of each eth_getLogs call (undefined for other calls and block-hash filters). */
  const logRanges = async (calls: RpcCall[]): Promise<({ from: number; to: number } | undefined)[]> => {
    const filters = calls.map((call) =>
      call.method === "eth_getLogs" && Array.isArray(call.params) ? (call.params[0] as LogsFilter | undefined) : undefined,
    );
    const needsHead = filters.some(
      (f) => f !== undefined && f.blockHash === undefined && [f.fromBlock, f.toBlock].some((t) => t === undefined || !t.startsWith("0x")),
    );
    const head = needsHead ? await upstreamHead() : 0;
    return filters.map((f) =>
      f === undefined || f.blockHash !== undefined ? undefined : { from: blockOf(f.fromBlock, head), to: blockOf(f.toBlock, head) },
    );
  };

  const refuse = (call: RpcCall, refusal: ProviderRefusal): RpcAnswer => ({ jsonrpc: "2.0", id: call.id ?? null, error: refusal.error });

  const handleRpc = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    stats.httpRequests += 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readBody(req));
    } catch {
      send(res, 200, { jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
      return;
    }
    const isBatch = Array.isArray(parsed);
    const calls = (isBatch ? parsed : [parsed]) as RpcCall[];
    if (calls.length === 0 || calls.some((call) => typeof call !== "object" || call === null || typeof call.method !== "string")) {
      send(res, 200, { jsonrpc: "2.0", id: null, error: { code: -32600, message: "Invalid Request" } });
      return;
    }
    const methods = calls.map((call) => call.method as string);
    stats.calls += calls.length;
    for (const method of methods) stats.byMethod[method] = (stats.byMethod[method] ?? 0) + 1;

    const fault = faults.take(methods);
    if (fault !== undefined) stats.faults[fault.kind] += 1;
    if (fault?.kind === "throttle") {
      stats.refused.rateLimited += calls.length;
      const error = { jsonrpc: "2.0", id: null, error: RATE_LIMITED };
      send(res, 429, error, { "retry-after": String(fault.retryAfterSeconds ?? 1) });
      return;
    }

    // Rate limit: one token per call. A request none of whose calls fits is refused whole.
    const answers: (RpcAnswer | undefined)[] = calls.map((call) => {
      if (config.requestsPerSecond === 0 || bucket.take()) return undefined;
      stats.refused.rateLimited += 1;
      return { jsonrpc: "2.0", id: call.id ?? null, error: RATE_LIMITED };
    });
    if (answers.every((answer) => answer !== undefined)) {
      const retryAfter = Math.max(1, Math.ceil(bucket.msUntilNext() / 1000));
      send(res, 429, isBatch ? answers : answers[0], { "retry-after": String(retryAfter) });
      return;
    }

    let httpStatus = 200;
    const ranges = await logRanges(calls);
    ranges.forEach((range, i) => {
      if (answers[i] !== undefined || range === undefined || config.logsBlockRangeCap === 0) return;
      if (range.to - range.from + 1 <= config.logsBlockRangeCap) return;
      const refusal = blockRangeRefusal(config.errorStyle, range.from, range.to, config.logsBlockRangeCap);
      stats.refused.blockRange += 1;
      answers[i] = refuse(calls[i]!, refusal);
      httpStatus = refusal.httpStatus;
    });

    const delayMs = config.latencyMs + (fault?.kind === "delay" ? (fault.ms ?? 0) : 0);
    if (delayMs > 0) await sleep(delayMs);
    const forwarded = calls.filter((_, i) => answers[i] === undefined);
    if (forwarded.length > 0) {
      let replies: RpcAnswer[];
      try {
        const reply = await upstream(isBatch ? forwarded : forwarded[0]);
        replies = (Array.isArray(reply) ? reply : [reply]) as RpcAnswer[];
      } catch (error) {
        send(res, 502, { jsonrpc: "2.0", id: null, error: { code: -32603, message: `upstream node: ${String(error)}` } });
        return;
      }
      const byId = new Map(replies.map((reply) => [JSON.stringify(reply.id), reply]));
      let next = 0;
      answers.forEach((answer, i) => {
        if (answer !== undefined) return;
        const reply = byId.get(JSON.stringify(calls[i]!.id)) ?? replies[next];
        next += 1;
        answers[i] = reply;
        const range = ranges[i];
        if (range === undefined || config.logsResultCap === 0 || !Array.isArray(reply?.result)) return;
        const logs = reply.result as { blockNumber: string }[];
        if (logs.length <= config.logsResultCap) return;
        const firstOver = Number(logs[config.logsResultCap]!.blockNumber);
        const fitsTo = Math.max(range.from, firstOver - 1);
        const refusal = resultCountRefusal(config.errorStyle, range.from, range.to, config.logsResultCap, fitsTo);
        stats.refused.resultCount += 1;
        answers[i] = refuse(calls[i]!, refusal);
        httpStatus = refusal.httpStatus;
      });
    }

    const body = JSON.stringify(isBatch ? answers : answers[0]);
    switch (fault?.kind) {
      case "stall":
        await sleep(fault.ms ?? 0);
        break;
      case "drop":
        if (fault.drop === "hang") {
          hung.add(res);
          res.on("close", () => hung.delete(res));
        } else {
          req.socket.resetAndDestroy();
        }
        return;
      case "truncate": {
        const bytes = Buffer.from(body).subarray(0, fault.bytes ?? Math.floor(Buffer.byteLength(body) / 2));
        res.writeHead(isBatch ? 200 : httpStatus, { ...CORS_HEADERS, "content-type": "application/json" });
        res.end(bytes);
        return;
      }
    }
    res.writeHead(isBatch ? 200 : httpStatus, { ...CORS_HEADERS, "content-type": "application/json" });
    res.end(body);
  };

  const api = {
    stats: (): HarnessStats => structuredClone(stats),
    reset(): void {
      stats = emptyStats();
      bucket.reset();
    },
    config: (): HarnessConfig => ({ ...config }),
    configure(changes: Partial<HarnessConfig>): HarnessConfig {
      config = validConfig({ ...config, ...changes });
      bucket.reset(config.requestsPerSecond, Math.max(1, config.burst));
      return { ...config };
    },
    addFault: (rule: FaultRule) => faults.add(rule),
    removeFault: (id: number) => faults.remove(id),
    clearFaults: () => faults.clear(),
    faults: () => faults.list(),
  };

  const handleControl = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const route = `${req.method} ${path.slice(CONTROL_PATH.length) || "/"}`;
    const body = req.method === "POST" ? await readBody(req) : "";
    const json = (): unknown => (body.trim() === "" ? {} : JSON.parse(body));
    try {
      if (route === "GET /stats") return send(res, 200, api.stats());
      if (route === "POST /reset") return send(res, 200, (api.reset(), api.stats()));
      if (route === "GET /config") return send(res, 200, api.config());
      if (route === "POST /config") return send(res, 200, api.configure(json() as Partial<HarnessConfig>));
      if (route === "GET /faults") return send(res, 200, api.faults());
      if (route === "POST /faults") return send(res, 200, { id: api.addFault(json() as FaultRule) });
      if (route === "DELETE /faults") return send(res, 200, (api.clearFaults(), api.faults()));
      const match = /^DELETE \/faults\/(\d+)$/.exec(route);
      if (match) return send(res, api.removeFault(Number(match[1])) ? 200 : 404, api.faults());
      send(res, 404, { error: `no control route ${route}` });
    } catch (error) {
      send(res, 400, { error: error instanceof Error ? error.message : String(error) });
    }
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://harness").pathname;
    const handled =
      req.method === "OPTIONS"
        ? Promise.resolve(void res.writeHead(204, CORS_HEADERS).end())
        : path.startsWith(CONTROL_PATH)
          ? handleControl(req, res, path)
          : req.method === "POST"
            ? handleRpc(req, res)
            : Promise.resolve(send(res, 405, { error: "JSON-RPC takes POST" }));
    handled.catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: String(error) });
      else res.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    controlUrl: `${url}${CONTROL_PATH}`,
    upstreamUrl: options.upstreamUrl,
    ...api,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const res of hung) res.destroy();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
