import { afterEach, describe, expect, it } from "@jest/globals";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createPinningClient,
  InvalidCidError,
  IpfsAbortedError,
  PinningBadRequestError,
  PinningFailedError,
  PinningProtocolError,
  PinningQuotaExceededError,
  PinningUnauthorizedError,
  PinningUnavailableError,
} from "@cairn/core/ipfs";

const CID_HELLO = "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq";

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

/** A real loopback HTTP server answering with the scripted responses in order (the last one repeats). */
async function scriptedServer(responses: Array<[number, unknown?]>): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    for await (const chunk of req) body += String(chunk);
    seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
    const [status, payload] = responses[Math.min(seen.length - 1, responses.length - 1)]!;
    res.writeHead(status, { "content-type": "application/json" }).end(payload === undefined ? "" : JSON.stringify(payload));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const pinned = (requestid: string, status = "pinned") => ({ requestid, status, created: new Date().toISOString(), pin: { cid: CID_HELLO }, delegates: [] });

describe("createPinningClient", () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((done) => server?.close(done) ?? done(undefined));
    server = undefined;
  });

  it("speaks the Pinning Service API with a bearer token", async () => {
    const scripted = await scriptedServer([[202, pinned("r1", "queued")]]);
    server = scripted.server;
    const client = createPinningClient({ url: `${scripted.url}/`, token: "t0ken" });
    const status = await client.pin(CID_HELLO, { name: "n", origins: ["/ip4/127.0.0.1/tcp/1/ws"] });
    expect(status.requestid).toBe("r1");
    expect(scripted.seen[0]).toMatchObject({ method: "POST", url: "/pins", authorization: "Bearer t0ken" });
    expect(JSON.parse(scripted.seen[0]!.body)).toEqual({ cid: CID_HELLO, name: "n", origins: ["/ip4/127.0.0.1/tcp/1/ws"] });
    await client.list({ cid: [CID_HELLO], status: ["pinned"], limit: 5 });
    expect(scripted.seen[1]!.url).toBe(`/pins?status=pinned&cid=${CID_HELLO}&limit=5`);
  });

  it("retries 5xx with backoff and then succeeds", async () => {
    const scripted = await scriptedServer([[503, { error: { reason: "BUSY" } }], [500], [200, pinned("r2")]]);
    server = scripted.server;
    const client = createPinningClient({ url: scripted.url, token: "t", backoffMs: 5 });
    expect((await client.status("r2")).status).toBe("pinned");
    expect(scripted.seen).toHaveLength(3);
  });

  it("gives up after a bounded number of attempts with PinningUnavailableError", async () => {
    const scripted = await scriptedServer([[502]]);
    server = scripted.server;
    const client = createPinningClient({ url: scripted.url, token: "t", backoffMs: 1, maxAttempts: 3 });
    const error = await client.status("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PinningUnavailableError);
    expect((error as PinningUnavailableError).attempts).toBe(3);
    expect(scripted.seen).toHaveLength(3);
  });

  it("reports an unreachable service as PinningUnavailableError", async () => {
    const scripted = await scriptedServer([[200]]);
    const { url } = scripted;
    await new Promise((done) => scripted.server.close(done));
    const client = createPinningClient({ url, token: "t", backoffMs: 1, maxAttempts: 2 });
    await expect(client.list()).rejects.toBeInstanceOf(PinningUnavailableError);
  });

  it("maps 401/403 and other 4xx to typed errors carrying the server's reason", async () => {
    const scripted = await scriptedServer([[401, { error: { reason: "UNAUTHORIZED" } }], [403], [400, { error: { reason: "BAD_REQUEST", details: "bad cid" } }]]);
    server = scripted.server;
    const client = createPinningClient({ url: scripted.url, token: "t" });
    await expect(client.list()).rejects.toBeInstanceOf(PinningUnauthorizedError);
    await expect(client.list()).rejects.toBeInstanceOf(PinningUnauthorizedError);
    const error = await client.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PinningBadRequestError);
    expect((error as PinningBadRequestError).reason).toBe("BAD_REQUEST: bad cid");
    expect(scripted.seen).toHaveLength(3);
  });

  it("maps a quota refusal (403 or 413, QUOTA_EXCEEDED) to PinningQuotaExceededError", async () => {
    const scripted = await scriptedServer([[403, { error: { reason: "QUOTA_EXCEEDED", details: "pins" } }], [413, { error: { reason: "QUOTA_EXCEEDED", details: "bytes" } }]]);
    server = scripted.server;
    const client = createPinningClient({ url: scripted.url, token: "t" });
    await expect(client.pin(CID_HELLO)).rejects.toBeInstanceOf(PinningQuotaExceededError);
    await expect(client.uploadCar(new Uint8Array(8))).rejects.toBeInstanceOf(PinningQuotaExceededError);
    expect(scripted.seen).toHaveLength(2);
  });

  it("with sign-in, sends the account's token, and signs in once more when it is refused (401)", async () => {
    const scripted = await scriptedServer([[401, { error: { reason: "UNAUTHORIZED" } }], [200, pinned("r6")]]);
    server = scripted.server;
    const issued: string[] = [];
    const auth = {
      token: async () => issued.at(-1) ?? (issued.push("first"), "first"),
      invalidate: (token: string) => void issued.push(`after ${token}`),
    };
    const client = createPinningClient({ url: scripted.url, auth });
    expect((await client.status("r6")).requestid).toBe("r6");
    expect(scripted.seen.map((seen) => seen.authorization)).toEqual(["Bearer first", "Bearer after first"]);
  });

  it("reports a 2xx answer that is not JSON as PinningProtocolError", async () => {
    const html = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>not an API</html>"));
    await new Promise<void>((done) => html.listen(0, "127.0.0.1", done));
    server = html;
    const client = createPinningClient({ url: `http://127.0.0.1:${(html.address() as AddressInfo).port}`, token: "t" });
    await expect(client.list()).rejects.toBeInstanceOf(PinningProtocolError);
  });

  it("waits until pinned, and fails typed when the pin fails", async () => {
    const queued = { count: 1, results: [pinned("r3", "pinning")] };
    const done = { count: 1, results: [pinned("r3", "pinned")] };
    const scripted = await scriptedServer([[200, queued], [200, queued], [200, done]]);
    server = scripted.server;
    const client = createPinningClient({ url: scripted.url, token: "t" });
    expect((await client.waitPinned(CID_HELLO, { intervalMs: 5 })).status).toBe("pinned");
    expect(scripted.seen).toHaveLength(3);

    const failing = await scriptedServer([[200, { count: 1, results: [pinned("r4", "failed")] }]]);
    try {
      const other = createPinningClient({ url: failing.url, token: "t" });
      await expect(other.waitPinned(CID_HELLO)).rejects.toBeInstanceOf(PinningFailedError);
    } finally {
      await new Promise((resolve) => failing.server.close(resolve));
    }
  });

  it("uploads a CAR stream and honours cancellation", async () => {
    const scripted = await scriptedServer([[200, pinned("r5")]]);
    server = scripted.server;
    const client = createPinningClient({ url: scripted.url, token: "t" });
    async function* car(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode("abc");
      yield new TextEncoder().encode("def");
    }
    expect((await client.uploadCar(car(), { provisional: true })).requestid).toBe("r5");
    expect(scripted.seen[0]).toMatchObject({ method: "POST", url: "/car?provisional=1", body: "abcdef" });

    const controller = new AbortController();
    controller.abort();
    await expect(client.status("r5", { signal: controller.signal })).rejects.toBeInstanceOf(IpfsAbortedError);
    await expect(client.pin("not a cid")).rejects.toBeInstanceOf(InvalidCidError);
  });
});
