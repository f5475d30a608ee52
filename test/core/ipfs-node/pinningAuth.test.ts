/**
 * The pinning node's authorisation, attacked: anonymous requests, one account reaching for
 * another's pins, shared pins and garbage collection, quotas, forged or replayed sign-in
 * messages, and CORS. Every attack must fail.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { MemoryBlockstore } from "blockstore-core/memory";
import type { CID } from "multiformats/cid";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { addFileStream, exportCar, PinningQuotaExceededError, walkDag, type Block } from "@cairn/core/ipfs";
import { startPinningNode, type PinningNode } from "../../../scripts/ipfs/startPinningNode.js";
import { signedInClient, type SignedInClient } from "../ipfs/signedInClient.js";
import { MiB, pattern } from "../ipfs/testBytes.js";

const APP = "http://127.0.0.1:3999";

async function fileDag(size: number, offset: number): Promise<{ blockstore: MemoryBlockstore; root: CID; blocks: Block[] }> {
  const blockstore = new MemoryBlockstore();
  const root = await addFileStream({ blockstore }, pattern(size, MiB, undefined, offset));
  const blocks: Block[] = [];
  for await (const block of walkDag(blockstore, root)) blocks.push(block);
  return { blockstore, root, blocks };
}

describe("pinning node authorisation", () => {
  let dataDir: string;
  let node: PinningNode;
  let alice: SignedInClient;
  let bob: SignedInClient;
  const served = async (cid: CID) => (await fetch(`${node.apiUrl}/ipfs/${cid}?format=raw`)).status;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "cairn-pin-auth-"));
    node = await startPinningNode({ dataDir, wsPort: 0, apiPort: 0, allowOrigins: [APP], quota: { maxPins: 4, maxBytes: 6 * MiB } });
    alice = signedInClient(node.apiUrl, { backoffMs: 10, maxAttempts: 1 });
    bob = signedInClient(node.apiUrl, { backoffMs: 10, maxAttempts: 1 });
  });

  afterAll(async () => {
    await node?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("refuses anonymous and unknown-token requests to list, pin, upload and delete; the gateway and /health stay open", async () => {
    const { blockstore, root } = await fileDag(10_000, 1);
    const pin = await alice.uploadCar(() => exportCar(blockstore, root));
    for (const authorization of [undefined, "Bearer not-a-token", `Bearer ${"A".repeat(43)}`]) {
      const headers: Record<string, string> = authorization ? { authorization } : {};
      expect((await fetch(`${node.apiUrl}/pins`, { headers })).status).toBe(401);
      expect((await fetch(`${node.apiUrl}/pins/${pin.requestid}`, { headers })).status).toBe(401);
      expect((await fetch(`${node.apiUrl}/pins/${pin.requestid}`, { method: "DELETE", headers })).status).toBe(401);
      expect((await fetch(`${node.apiUrl}/pins`, { method: "POST", headers, body: JSON.stringify({ cid: root.toString() }) })).status).toBe(401);
      expect((await fetch(`${node.apiUrl}/car`, { method: "POST", headers, body: new Uint8Array(10) })).status).toBe(401);
    }
    expect((await alice.status(pin.requestid)).status).toBe("pinned");
    expect(await served(root)).toBe(200);
    expect((await fetch(`${node.apiUrl}/health`)).status).toBe(200);
  });

  it("keeps each account's pins to itself: another account cannot list, read, confirm or delete them", async () => {
    const { blockstore, root } = await fileDag(20_000, 2);
    const pin = await alice.uploadCar(() => exportCar(blockstore, root));
    expect((await bob.list({ cid: [root] })).count).toBe(0);
    expect((await bob.list({ limit: 1000 })).results.map((r) => r.requestid)).not.toContain(pin.requestid);
    await expect(bob.status(pin.requestid)).rejects.toMatchObject({ status: 404 });
    await expect(bob.confirm(pin.requestid, root)).rejects.toMatchObject({ status: 404 });
    await expect(bob.remove(pin.requestid)).rejects.toMatchObject({ status: 404 });
    await node.gc.idle();
    expect((await alice.status(pin.requestid)).status).toBe("pinned");
    expect(await served(root)).toBe(200);
  });

  it("keeps a DAG pinned by two accounts until the last one removes it, through garbage collection", async () => {
    const { blockstore, root, blocks } = await fileDag(2 * MiB + 5, 3);
    const byAlice = await alice.uploadCar(() => exportCar(blockstore, root));
    const byBob = await bob.uploadCar(() => exportCar(blockstore, root));
    expect(byBob.requestid).not.toBe(byAlice.requestid);
    await alice.remove(byAlice.requestid);
    await node.gc.idle();
    await node.gc.collect([root]);
    for (const block of blocks) expect(await served(block.cid)).toBe(200);
    await bob.remove(byBob.requestid);
    await node.gc.idle();
    for (const block of blocks) expect(await served(block.cid)).toBe(404);
  });

  it("enforces per-account quotas with a 4xx and a JSON reason, and stores nothing of the refused pin", async () => {
    const carol = signedInClient(node.apiUrl, { maxAttempts: 1 });
    const big = await fileDag(7 * MiB, 4);
    const refused = await carol.uploadCar(() => exportCar(big.blockstore, big.root)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PinningQuotaExceededError);
    expect((refused as PinningQuotaExceededError).status).toBe(413);
    for (const block of big.blocks) expect(await served(block.cid)).toBe(404);

    const small = await Promise.all([5, 6, 7, 8, 9].map((offset) => fileDag(1_000, offset)));
    for (const { blockstore, root } of small.slice(0, 4)) await carol.uploadCar(() => exportCar(blockstore, root));
    const fifth = small[4]!;
    const answer = await fetch(`${node.apiUrl}/car`, {
      method: "POST",
      headers: { authorization: `Bearer ${await carol.token()}` },
      body: new Blob([(await exportBytes(fifth.blockstore, fifth.root)) as Uint8Array<ArrayBuffer>]),
    });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ error: { reason: "QUOTA_EXCEEDED" } });
    expect(await served(fifth.root)).toBe(404);
    await expect(carol.pin(fifth.root)).rejects.toBeInstanceOf(PinningQuotaExceededError);
    expect((await carol.list({ limit: 100 })).count).toBe(4);
  });

  describe("sign-in", () => {
    const signer = privateKeyToAccount(generatePrivateKey());
    const challenge = async (): Promise<{ nonce: string; expiresAt: string }> =>
      (await (await fetch(`${node.apiUrl}/auth/challenge`, { method: "POST" })).json()) as { nonce: string; expiresAt: string };
    const message = async (fields: Partial<Parameters<typeof createSiweMessage>[0]> = {}) => {
      const now = new Date();
      return createSiweMessage({
        domain: new URL(node.apiUrl).host,
        address: signer.address,
        uri: node.apiUrl,
        version: "1",
        chainId: 31337,
        nonce: (await challenge()).nonce,
        issuedAt: now,
        expirationTime: new Date(now.getTime() + 60_000),
        resources: [node.apiUrl],
        ...fields,
      });
    };
    const exchange = async (text: string, account: PrivateKeyAccount = signer, headers: Record<string, string> = {}) => {
      const response = await fetch(`${node.apiUrl}/auth/token`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ message: text, signature: await account.signMessage({ message: text }) }),
      });
      return { status: response.status, body: (await response.json()) as { token?: string; error?: { reason: string; details: string } } };
    };

    it("gives a token for a fresh, well-formed message, valid for the account only", async () => {
      const { status, body } = await exchange(await message());
      expect(status).toBe(200);
      expect(body).toMatchObject({ account: signer.address });
      expect((await fetch(`${node.apiUrl}/pins`, { headers: { authorization: `Bearer ${body.token}` } })).status).toBe(200);
    });

    it("refuses a replayed message: each nonce signs in once", async () => {
      const text = await message();
      expect((await exchange(text)).status).toBe(200);
      const replay = await exchange(text);
      expect(replay.status).toBe(401);
      expect(replay.body.error?.details).toMatch(/nonce/);
    });

    it("refuses expired, too long-lived, future and unissued-nonce messages", async () => {
      const now = Date.now();
      const cases = [
        await message({ issuedAt: new Date(now - 10 * 60_000), expirationTime: new Date(now - 60_000) }),
        await message({ expirationTime: new Date(now + 60 * 60_000) }),
        await message({ issuedAt: new Date(now + 10 * 60_000), expirationTime: new Date(now + 12 * 60_000) }),
        await message({ nonce: "NeverIssuedByThisNode1234" }),
        await message({ expirationTime: undefined }),
      ];
      for (const text of cases) expect((await exchange(text)).status).toBe(401);
    });

    it("refuses a message for another origin, a domain that is not the URI's host, or another service", async () => {
      const host = new URL(node.apiUrl).host;
      const cases = [
        await message({ domain: "evil.example", uri: "https://evil.example" }),
        await message({ domain: "evil.example" }),
        await message({ domain: host, uri: "https://evil.example/login" }),
        await message({ resources: ["https://other-pinning.example"] }),
        await message({ resources: undefined }),
      ];
      for (const text of cases) {
        const answer = await exchange(text);
        expect(answer.status).toBe(401);
        expect(answer.body.error?.reason).toBe("SIGN_IN_REFUSED");
      }
    });

    it("refuses a browser request whose Origin is not the message's, even an allowed one", async () => {
      const forApp = await message({ domain: new URL(APP).host, uri: APP });
      expect((await exchange(forApp, signer, { origin: APP })).status).toBe(200);
      const forService = await message();
      expect((await exchange(forService, signer, { origin: APP })).status).toBe(401);
      expect((await exchange(await message({ domain: "evil.example", uri: "https://evil.example" }), signer, { origin: "https://evil.example" })).status).toBe(403);
    });

    it("keeps at most 16 live tokens per account: a 17th sign-in displaces the oldest", async () => {
      const device = privateKeyToAccount(generatePrivateKey());
      const tokens: string[] = [];
      for (let i = 0; i < 17; i++) tokens.push((await exchange(await message({ address: device.address }), device)).body.token!);
      const statuses = await Promise.all(tokens.map(async (token) => (await fetch(`${node.apiUrl}/pins`, { headers: { authorization: `Bearer ${token}` } })).status));
      expect(statuses).toEqual([401, ...Array<number>(16).fill(200)]);
    });

    it("refuses a signature by another key and a message not in canonical form", async () => {
      expect((await exchange(await message(), privateKeyToAccount(generatePrivateKey()))).status).toBe(401);
      expect((await exchange(`${await message()}\nInjected: line`)).status).toBe(401);
    });
  });

  it("answers CORS only for the configured app origins", async () => {
    const preflight = (origin: string) =>
      fetch(`${node.apiUrl}/pins`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" } });
    const allowed = await preflight(APP);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(APP);
    const other = await preflight("https://evil.example");
    expect(other.status).toBe(403);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();

    const token = await alice.token();
    const fromEvil = await fetch(`${node.apiUrl}/pins`, { headers: { origin: "https://evil.example", authorization: `Bearer ${token}` } });
    expect(fromEvil.status).toBe(403);
    expect(await fromEvil.json()).toMatchObject({ error: { reason: "ORIGIN_NOT_ALLOWED" } });
    const gateway = await fetch(`${node.apiUrl}/health`, { headers: { origin: "https://evil.example" } });
    expect(gateway.status).toBe(200);
    expect(gateway.headers.get("access-control-allow-origin")).toBeNull();
  });
});

async function exportBytes(blockstore: MemoryBlockstore, root: CID): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of exportCar(blockstore, root)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
