/**
 * An independent decoder written from docs/PROTOCOL.md alone: it uses @noble/ciphers' AES-GCM
 * (not WebCrypto) and its own byte slicing, and uses nothing from core/crypto or core/envelope. If it opens every
 * vector, the spec, the vectors and the implementation agree.
 */
import { describe, expect, it } from "@jest/globals";
import { gcm } from "@noble/ciphers/aes.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { scrypt } from "@noble/hashes/scrypt.js";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { CID } from "multiformats/cid";
import { h, hx, join, loadVector } from "./helpers.js";

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder("utf-8", { fatal: true }).decode(b);
const uint = (value: bigint | number, bytes: number) => {
  const out = new Uint8Array(bytes);
  let v = BigInt(value);
  for (let i = bytes - 1; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
};
const readUint = (b: Uint8Array) => b.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);

/** §2: label ‖ 0x00 ‖ u256(chainId) ‖ address(registry) ‖ u256(channelId) ‖ u32(epoch). */
function epochAad(label: string, v: { chainId: number; registry: string; channelId: string; epoch: number }) {
  return join([utf8(label), Uint8Array.of(0), uint(v.chainId, 32), h(v.registry), uint(BigInt(v.channelId), 32), uint(v.epoch, 4)]);
}
const open = (key: Uint8Array, iv: Uint8Array, sealed: Uint8Array, aad: Uint8Array) => gcm(key, iv, aad).decrypt(sealed);

describe("independent decoder (PROTOCOL.md + @noble only)", () => {
  it("§2 channel id: keccak256(12 zero bytes ‖ creator ‖ salt) >> 161", () => {
    const v = loadVector("channel-id");
    const digest = keccak_256(join([new Uint8Array(12), h(v.creator), h(v.salt)]));
    expect((readUint(digest) >> 161n).toString()).toBe(v.channelId);
  });

  it("§3 identity key", () => {
    const v = loadVector("identity");
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const sig = h(v.signature);
    let s = readUint(sig.subarray(32, 64));
    if (s > n / 2n) s = n - s;
    const ikm = join([sig.subarray(0, 32), uint(s, 32)]);
    const priv = hkdf(sha256, ikm, utf8("Cairn/v1/identity-salt"), utf8("Cairn/v1/identity-key/x25519"), 32);
    expect(hx(priv)).toBe(v.privateKey);
    expect(hx(x25519.getPublicKey(priv))).toBe(v.publicKey);
    expect(v.message).toBe(
      [
        `${v.domain} wants you to sign in with your Ethereum account:`,
        v.wallet,
        "",
        "Unlock your Cairn encryption key for this site. This signature derives the key that decrypts your Cairn messages: anyone who holds it can read them, so sign it only on the site named above. It sends no transaction and costs no gas.",
        "",
        `URI: ${v.uri}`,
        "Version: 1",
        `Chain ID: ${v.chainId}`,
        "Nonce: CairnIdentityKeyV2",
        "Issued At: 2025-01-01T00:00:00.000Z",
        "Resources:",
        `- eip155:${v.chainId}:${v.keyDirectory}`,
      ].join("\n"),
    );
  });

  it("§4 safety number", () => {
    const v = loadVector("safety-number");
    const entries = [v.a, v.b].map((p: { address: string; publicKey: string }) => join([h(p.address), h(p.publicKey)]));
    entries.sort((x, y) => Buffer.compare(x, y));
    const digest = sha512(join([utf8("Cairn/v1/safety-number"), Uint8Array.of(0), ...entries]));
    const groups = Array.from({ length: 12 }, (_, i) => String(readUint(digest.subarray(5 * i, 5 * i + 5)) % 100000n).padStart(5, "0"));
    expect(groups.join(" ")).toBe(v.safetyNumber);
  });

  it("§5 sealed keys and public key material", () => {
    const v = loadVector("sealed-key");
    for (const k of v.cases) {
      const sealed = h(k.sealedKey);
      expect(sealed[0]).toBe(1);
      const E = sealed.subarray(1, 33);
      const R = x25519.getPublicKey(h(v.recipientPrivateKey));
      const shared = x25519.getSharedSecret(h(v.recipientPrivateKey), E);
      const aesKey = hkdf(sha256, shared, join([E, R]), utf8("Cairn/v1/sealed-key"), 32);
      const aad = join([epochAad("Cairn/v1/sealed-key", k), R, E]);
      expect(hx(open(aesKey, sealed.subarray(33, 45), sealed.subarray(45), aad))).toBe(v.key);
    }
    const pub = loadVector("public-key-material");
    expect(hx(h(pub.keyMaterial).subarray(1))).toBe(pub.key);
  });

  it("§6 message block → padded envelope → fields", () => {
    const v = loadVector("message-block");
    const block = h(v.block);
    expect(block[0]).toBe(1);
    const aad = join([epochAad("Cairn/v1/content", v), h(v.sender)]);
    expect(hx(aad)).toBe(v.aad);
    const padded = open(h(v.key), block.subarray(1, 13), block.subarray(13), aad);
    expect([256, 512, 1024]).toContain(padded.length);
    let end = padded.length - 1;
    while (padded[end] === 0) end--;
    expect(padded[end]).toBe(0x80);
    const env = padded.subarray(0, end);
    expect(env[0]).toBe(1);
    expect(Number(readUint(env.subarray(1, 9)))).toBe(v.envelope.timestamp);
    const fields = new Map<number, Uint8Array>();
    for (let at = 9; at < env.length; ) {
      const length = Number(readUint(env.subarray(at + 1, at + 5)));
      fields.set(env[at]!, env.subarray(at + 5, at + 5 + length));
      at += 5 + length;
    }
    expect(text(fields.get(1)!)).toBe(v.envelope.text);
    expect(CID.decode(fields.get(2)!).toString()).toBe(v.envelope.replyTo);
    const attachments = fields.get(3)!;
    expect(attachments[0]).toBe(v.envelope.attachments.length);
    const nameLength = attachments[1]!;
    expect(text(attachments.subarray(2, 2 + nameLength))).toBe(v.envelope.attachments[0].name);
  });

  it("§7 wrapped CID and packed batch", () => {
    const v = loadVector("wrapped-cid");
    const wrapped = h(v.wrappedCid);
    expect(wrapped[0]).toBe(1);
    expect(Number(readUint(wrapped.subarray(1, 5)))).toBe(v.epoch);
    const aad = join([epochAad("Cairn/v1/wrapped-cid", v), h(v.sender)]);
    const cid = open(h(v.key), wrapped.subarray(5, 17), wrapped.subarray(17), aad);
    expect(CID.decode(cid).toString()).toBe(v.cid);
    const batch = loadVector("batch");
    const packed = h(batch.packed);
    const items: string[] = [];
    for (let at = 0; at < packed.length; at += 1 + packed[at]!) items.push(hx(packed.subarray(at + 1, at + 1 + packed[at]!)));
    expect(items).toEqual(batch.items);
  });

  it("§8 file chunks", () => {
    const v = loadVector("file-stream");
    for (const k of v.cases) {
      const header = h(k.header);
      const plain = k.chunks.map((chunkHex: string, i: number) => {
        const chunk = h(chunkHex);
        expect(Number(readUint(chunk.subarray(0, 4)))).toBe(i);
        expect(chunk[4]).toBe(i === k.chunks.length - 1 ? 1 : 0);
        const nonce = join([header.subarray(1, 9), uint(i, 4)]);
        const aad = join([utf8("Cairn/v1/file-chunk"), Uint8Array.of(0), header, uint(v.chunkSize, 4), chunk.subarray(0, 5)]);
        return open(h(v.key), nonce, chunk.subarray(5), aad);
      });
      const all = join(plain);
      expect(all.length).toBe(k.size);
      expect(hx(sha256(all))).toBe(k.plaintextSha256);
    }
  });

  it("§9 channel metadata", () => {
    const v = loadVector("metadata");
    const body = (b: Uint8Array) => {
      const nameLength = b[0]!;
      const descriptionLength = Number(readUint(b.subarray(1 + nameLength, 3 + nameLength)));
      return { name: text(b.subarray(1, 1 + nameLength)), description: text(b.subarray(3 + nameLength, 3 + nameLength + descriptionLength)) };
    };
    expect(body(h(v.public).subarray(2))).toEqual(v.metadata);
    for (const k of v.private) {
      const bytes = h(k.metadata);
      expect([bytes[0], bytes[1]]).toEqual([1, 1]);
      const aad = epochAad("Cairn/v1/metadata", k);
      expect(body(open(h(v.key), bytes.subarray(2, 14), bytes.subarray(14), aad))).toEqual(v.metadata);
    }
  });

  it("§11 identity backup", () => {
    const v = loadVector("backup");
    const backup = h(v.backup);
    const [version, kdf, logN, r, p] = backup;
    expect([version, kdf]).toEqual([1, 1]);
    const header = backup.subarray(0, 21);
    const key = scrypt(utf8(v.passphrase.normalize("NFKC")), header.subarray(5), { N: 2 ** logN!, r: r!, p: p!, dkLen: 32 });
    const aad = join([utf8("Cairn/v1/identity-backup"), Uint8Array.of(0), header]);
    expect(hx(open(key, backup.subarray(21, 33), backup.subarray(33), aad))).toBe(v.privateKey);
  });
});
