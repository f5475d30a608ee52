/**
 * Signing out of the pinning node, attacked: a token copied from a device is used after its owner
 * signed out (from that device, or from another one, everywhere), and after the node restarted.
 * Every such request must be refused, and other accounts' tokens must keep working.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { MemoryBlockstore } from "blockstore-core/memory";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { addFileStream, createPinningAuth, exportCar, type PinStatus } from "@cairn/core/ipfs";
import { fileTokenCache } from "../../../scripts/cli/fileTokenCache.js";
import { startPinningNode, type PinningNode } from "../../../scripts/ipfs/startPinningNode.js";
import { signedInClient, type SignedInClient } from "../ipfs/signedInClient.js";
import { MiB, pattern } from "../ipfs/testBytes.js";

describe("pinning node sign-out", () => {
  let dataDir: string;
  let node: PinningNode;
  const start = () => startPinningNode({ dataDir, wsPort: 0, apiPort: 0 });
  const client = (privateKey = generatePrivateKey()) => signedInClient(node.apiUrl, { privateKey, backoffMs: 10, maxAttempts: 1 });
  const withToken = (token: string, path: string, init: RequestInit = {}) =>
    fetch(`${node.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}` } }).then((answer) => answer.status);
  /** What a thief holding `token` gets when it lists, reads, deletes and uploads. */
  const attempts = async (token: string, pin: PinStatus) => [
    await withToken(token, "/pins"),
    await withToken(token, `/pins/${pin.requestid}`),
    await withToken(token, `/pins/${pin.requestid}`, { method: "DELETE" }),
    await withToken(token, "/car", { method: "POST", body: new Uint8Array(10) }),
    await withToken(token, "/auth/tokens", { method: "DELETE" }),
  ];
  /** The node keeps a token only as the file named by its SHA-256. */
  const isStored = (token: string) => existsSync(join(dataDir, "tokens", `${createHash("sha256").update(token).digest("hex")}.json`));
  const uploadOne = async (owner: SignedInClient, offset: number): Promise<PinStatus> => {
    const blockstore = new MemoryBlockstore();
    const root = await addFileStream({ blockstore }, pattern(10_000, MiB, undefined, offset));
    return await owner.uploadCar(() => exportCar(blockstore, root));
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "cairn-pin-signout-"));
    node = await start();
  });

  afterAll(async () => {
    await node?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("refuses a stolen token (401) for listing, reading and deleting pins once its owner signs out; the pins stay", async () => {
    const alice = client();
    const pin = await uploadOne(alice, 1);
    const stolen = await alice.token();
    expect(await withToken(stolen, "/pins")).toBe(200);

    expect(await alice.signOut()).toBe(1);
    expect(await attempts(stolen, pin)).toEqual([401, 401, 401, 401, 401]);
    expect(await withToken(stolen, "/auth/token", { method: "DELETE" })).toBe(401);
    // The owner signs in again on its next request, with a new token, and finds its pin.
    expect((await alice.status(pin.requestid)).status).toBe("pinned");
    expect(await alice.token()).not.toBe(stolen);
  });

  it("signs out everywhere: every device's token of the account is refused, other accounts' are not", async () => {
    const key = generatePrivateKey();
    const laptop = client(key);
    const phone = client(key);
    const bob = client();
    const pin = await uploadOne(laptop, 2);
    const bobsPin = await uploadOne(bob, 3);
    const stolen = await laptop.token();
    const phoneToken = await phone.token();
    expect(phoneToken).not.toBe(stolen);

    expect(await phone.signOut({ everywhere: true })).toBe(2);
    expect(await attempts(stolen, pin)).toEqual([401, 401, 401, 401, 401]);
    expect(await attempts(phoneToken, pin)).toEqual([401, 401, 401, 401, 401]);
    expect(await withToken(await bob.token(), `/pins/${bobsPin.requestid}`)).toBe(200);
    expect((await laptop.status(pin.requestid)).status).toBe("pinned");
  });

  it("signs out everywhere from a device that holds no token: it signs in to revoke the others", async () => {
    const key = generatePrivateKey();
    const stolen = await client(key).token();
    expect(await client(key).signOut({ everywhere: true })).toBe(2);
    expect(await withToken(stolen, "/pins")).toBe(401);
    expect(await client().signOut()).toBe(0);
  });

  it("deletes the CLI's token file when it signs out (its sign-out command)", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const file = join(dataDir, "cli", "pinning-token.json");
    const config = { url: node.apiUrl, account: account.address, chainId: 31337, signMessage: (message: string) => account.signMessage({ message }) };
    const token = await createPinningAuth({ ...config, cache: fileTokenCache(file, node.apiUrl) }).token();
    expect(existsSync(file)).toBe(true);
    expect(await createPinningAuth({ ...config, cache: fileTokenCache(file, node.apiUrl) }).signOut()).toBe(1);
    expect(existsSync(file)).toBe(false);
    expect(await withToken(token, "/pins")).toBe(401);
  });

  it("deletes revoked tokens' files before answering, so they stay revoked across a restart", async () => {
    const key = generatePrivateKey();
    const kept = client();
    const keptToken = await kept.token();
    const signedOut = client();
    const signedOutToken = await signedOut.token();
    const [laptopToken, phoneToken] = [await client(key).token(), await client(key).token()];
    await signedOut.signOut();
    await client(key).signOut({ everywhere: true });
    expect([keptToken, signedOutToken, laptopToken, phoneToken].map(isStored)).toEqual([true, false, false, false]);

    await node.stop();
    node = await start();
    expect(await withToken(keptToken, "/pins")).toBe(200);
    for (const token of [signedOutToken, laptopToken, phoneToken]) expect(await withToken(token, "/pins")).toBe(401);
  });
});
