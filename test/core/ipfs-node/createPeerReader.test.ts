import { afterAll, describe, expect, it } from "@jest/globals";
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { RAW_CODEC } from "@cairn/core/ipfs";
import { createPeerReader } from "../../../scripts/ipfs/createPeerReader.js";

const cidOf = async (text: string) => CID.createV1(RAW_CODEC, await sha256.digest(new TextEncoder().encode(text)));

describe("createPeerReader", () => {
  const requests: { url: string; cacheControl: string | undefined }[] = [];
  // A peer that never answers (a stalled or hostile node).
  const silent = createServer((req) => requests.push({ url: req.url!, cacheControl: req.headers["cache-control"] }));
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise((done) => silent.close(done));
  });

  it("asks peers only-if-cached, gives up after its timeout, and answers at once beyond its reads in flight", async () => {
    await new Promise<void>((done) => silent.listen(0, "127.0.0.1", done));
    const peer = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const reader = createPeerReader({ peers: [peer], timeoutMs: 1_500, maxConcurrent: 4 });
    const cids = await Promise.all(Array.from({ length: 10 }, (_, index) => cidOf(`block ${index}`)));
    const started = Date.now();
    const answered: number[] = [];
    const reads = cids.map((cid) => reader.read(cid).then((bytes) => (answered.push(Date.now() - started), bytes)));
    expect(await Promise.all(reads)).toEqual(cids.map(() => undefined));
    answered.sort((a, b) => a - b);
    // Six of ten refused without waiting; four waited for the silent peer until the timeout.
    expect(answered.slice(0, 6).every((ms) => ms < 500)).toBe(true);
    expect(answered.slice(6).every((ms) => ms >= 1_400)).toBe(true);
    expect(requests).toHaveLength(4);
    expect(requests.every((request) => request.cacheControl === "only-if-cached" && request.url.endsWith("?format=raw"))).toBe(true);
    // The slots are free again.
    expect(await reader.read(cids[0]!, AbortSignal.timeout(100))).toBeUndefined();
    expect(requests).toHaveLength(5);
  });

  it("asks nobody without peers", async () => {
    expect(await createPeerReader({ peers: [] }).read(await cidOf("anything"))).toBeUndefined();
  });
});
