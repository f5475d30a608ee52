/**
 * Writes the protocol test vectors (test/vectors/*.json) from fixed inputs: fixed keys, IVs,
 * ephemeral keys, salts and nonce prefixes instead of randomness. Run: npx tsx scripts/generate-vectors.ts
 * The jest suites check every vector in both directions; docs/PROTOCOL.md describes the formats.
 */
import { writeFileSync } from "node:fs";
import { sha256 } from "@noble/hashes/sha2.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 as multihashSha256 } from "multiformats/hashes/sha2";
import { bytesToHex, encodeFunctionData, keccak256, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { channelIdFor } from "@cairn/core/chain";
import { channelRegistryAbi } from "@cairn/core/contracts";
import * as c from "@cairn/core/crypto";
import * as messages from "@cairn/core/message";
import { encodeEnvelope, padEnvelope, type Envelope } from "@cairn/core/envelope";
import { signatureKeyMaterial, sealedKeyAad, wrappedCidAad, metadataAad } from "@cairn/core/crypto";
import * as pubsub from "@cairn/core/pubsub";
import { envelopeToJson, fixedBytes } from "../testkit/vectorFormat.js";

const out = new URL("../test/vectors/", import.meta.url);
const hex = (bytes: Uint8Array): Hex => bytesToHex(bytes);
const write = (name: string, value: unknown) =>
  writeFileSync(new URL(`${name}.json`, out), `${JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);

/** Hardhat's well-known test accounts #0, #1 (`sender`) and #2 (never hold real funds). */
const WALLET_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const SENDER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const SESSION_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const deployment = { chainId: 31337, registry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as const };
const keyDirectory = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;
const sender = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
/** The channel every vector belongs to: the id `sender` gets for a fixed salt (§2). */
const channelSalt = bytesToHex(fixedBytes("channel salt", 32));
const channelId = channelIdFor(sender, channelSalt);
const channel = { ...deployment, channelId, epoch: 3, sender };
const epochKey = fixedBytes("epoch key", 32);

async function rawCid(bytes: Uint8Array) {
  return CID.createV1(raw.code, await multihashSha256.digest(bytes));
}

// identity ------------------------------------------------------------------
const wallet = privateKeyToAccount(WALLET_KEY);
const site = { domain: "cairn.example", uri: "https://cairn.example" };
const message = c.identityMessage({ ...site, account: wallet.address, chainId: deployment.chainId, keyDirectory });
const signature = await wallet.signMessage({ message });
const legacyMessage = c.legacyIdentityMessage({ chainId: deployment.chainId, keyDirectory });
const legacySignature = await wallet.signMessage({ message: legacyMessage });
const identity = c.deriveIdentityKey(signature);
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const sigBytes = Uint8Array.from(Buffer.from(signature.slice(2), "hex"));
const s = BigInt(`0x${Buffer.from(sigBytes.subarray(32, 64)).toString("hex")}`);
const highS = new Uint8Array(sigBytes);
highS.set(Buffer.from((N - s).toString(16).padStart(64, "0"), "hex"), 32);
highS[64] = highS[64] === 27 ? 28 : 27;
write("identity", {
  description: "PROTOCOL.md §3: identity message (EIP-4361) for a site, signature by Hardhat account #0, derived X25519 key; the version-1 message (§3.4)",
  chainId: deployment.chainId,
  keyDirectory,
  wallet: wallet.address,
  ...site,
  message,
  signature,
  equivalentSignatures: [hex(highS), hex(Uint8Array.of(...sigBytes.subarray(0, 64), sigBytes[64]! - 27))],
  ikm: hex(signatureKeyMaterial(signature)),
  privateKey: hex(identity.privateKey),
  publicKey: hex(identity.publicKey),
  legacy: { message: legacyMessage, signature: legacySignature, publicKey: hex(c.deriveIdentityKey(legacySignature).publicKey) },
});

// safety number --------------------------------------------------------------
const peerPrivate = fixedBytes("peer identity", 32);
const peer = { address: sender, publicKey: x25519.getPublicKey(peerPrivate) };
write("safety-number", {
  description: "PROTOCOL.md §4",
  a: { address: wallet.address, publicKey: hex(identity.publicKey) },
  b: { address: peer.address, publicKey: hex(peer.publicKey) },
  safetyNumber: c.safetyNumber({ address: wallet.address, publicKey: identity.publicKey }, peer),
});

// channel id -----------------------------------------------------------------
write("channel-id", {
  description: "PROTOCOL.md §2: channelIdFor(creator, salt) = uint256(keccak256(abi.encode(creator, salt))) >> 161",
  creator: sender,
  salt: channelSalt,
  channelId,
});

// key material ---------------------------------------------------------------
const ephemeralPrivateKey = fixedBytes("ephemeral", 32);
const sealIv = fixedBytes("seal iv", 12);
const sealCases = [
  { ...channel, name: "epoch 3" },
  { ...channel, epoch: 1, name: "epoch 1 (the real channel id, as in every epoch)" },
];
write("sealed-key", {
  description: "PROTOCOL.md §5.2, fixed ephemeral key and IV",
  recipientPrivateKey: hex(peerPrivate),
  recipientPublicKey: hex(peer.publicKey),
  ephemeralPrivateKey: hex(ephemeralPrivateKey),
  ephemeralPublicKey: hex(x25519.getPublicKey(ephemeralPrivateKey)),
  iv: hex(sealIv),
  key: hex(epochKey),
  cases: await Promise.all(
    sealCases.map(async ({ name, chainId, registry, channelId, epoch }) => ({
      name,
      chainId,
      registry,
      channelId,
      epoch,
      aad: hex(sealedKeyAad({ chainId, registry, channelId, epoch }, peer.publicKey, x25519.getPublicKey(ephemeralPrivateKey))),
      sealedKey: hex(
        await c.sealKey({ chainId, registry, channelId, epoch, key: epochKey, recipientPublicKey: peer.publicKey, ephemeralPrivateKey, iv: sealIv }),
      ),
    })),
  ),
});
write("public-key-material", {
  description: "PROTOCOL.md §5.1",
  key: hex(epochKey),
  keyMaterial: hex(c.encodePublicKeyMaterial(epochKey)),
});

// content AAD, envelopes, message block -------------------------------------------
write("content-aad", {
  description: "PROTOCOL.md §2",
  ...channel,
  aad: hex(c.contentAad(channel)),
});

const fileKey = fixedBytes("file key", 32);
const replyTo = await rawCid(fixedBytes("earlier message block", 300));
const attachmentCid = CID.parse("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
const envelopes: { name: string; envelope: Envelope }[] = [
  { name: "empty", envelope: { timestamp: 0, text: "", attachments: [] } },
  { name: "text", envelope: { timestamp: 1_767_225_600_000, text: "Hello, Cairn! ✓ 🪨", attachments: [] } },
  {
    name: "full",
    envelope: {
      timestamp: 1_767_225_600_123,
      text: "See the attached report.",
      replyTo,
      attachments: [
        { name: "report.pdf", mimeType: "application/pdf", size: 3_000_000, chunkSize: 1 << 20, key: fileKey, cid: attachmentCid },
        { name: "photo ☀.jpg", mimeType: "", size: 0, chunkSize: 1024, key: fixedBytes("second file key", 32), cid: replyTo },
      ],
    },
  },
  { name: "bucket 512", envelope: { timestamp: 1, text: "x".repeat(300), attachments: [] } },
];
write("envelope", {
  description: "PROTOCOL.md §6.1-6.2: encoded envelopes and their padded sizes",
  cases: envelopes.map(({ name, envelope }) => {
    const encoded = encodeEnvelope(envelope);
    return { name, envelope: envelopeToJson(envelope), encoded: hex(encoded), paddedLength: padEnvelope(encoded).length };
  }),
});

const blockIv = fixedBytes("block iv", 12);
const fullEnvelope = envelopes[2]!.envelope;
const block = await messages.sealMessage({ ...channel, key: epochKey, envelope: fullEnvelope, iv: blockIv });
const blockCid = await rawCid(block);
write("message-block", {
  description: "PROTOCOL.md §6.3, fixed IV; blockCid is the message id (§6.4)",
  ...channel,
  key: hex(epochKey),
  iv: hex(blockIv),
  envelope: envelopeToJson(fullEnvelope),
  padded: hex(padEnvelope(encodeEnvelope(fullEnvelope))),
  aad: hex(c.contentAad(channel)),
  block: hex(block),
  blockCid: blockCid.toString(),
});

// wrapped CID and batch --------------------------------------------------------------
const wrapIv = fixedBytes("wrap iv", 12);
const wrapped = await c.wrapCid({ ...channel, key: epochKey, cid: blockCid, iv: wrapIv });
write("wrapped-cid", {
  description: "PROTOCOL.md §7.1, fixed IV",
  ...channel,
  key: hex(epochKey),
  iv: hex(wrapIv),
  cid: blockCid.toString(),
  aad: hex(wrappedCidAad(channel)),
  wrappedCid: hex(wrapped),
});
const items = [wrapped, fixedBytes("short item", 1), fixedBytes("long item", 128)];
write("batch", {
  description: "PROTOCOL.md §7.2",
  items: items.map(hex),
  packed: hex(c.packBatch(items)),
});

// metadata ---------------------------------------------------------------------------
const metadata = { name: "Rock collectors", description: "Granite, basalt & friends — all welcome." };
const metadataIv = fixedBytes("metadata iv", 12);
const metadataContexts = [
  { name: "epoch 1 (ChannelCreated)", ...deployment, channelId, epoch: 1 },
  { name: "epoch 3 (MetadataUpdated)", ...deployment, channelId, epoch: 3 },
];
write("metadata", {
  description: "PROTOCOL.md §9",
  metadata,
  public: hex(c.encodeChannelMetadata(metadata)),
  key: hex(epochKey),
  iv: hex(metadataIv),
  private: await Promise.all(
    metadataContexts.map(async ({ name, chainId, registry, channelId, epoch }) => ({
      name,
      chainId,
      registry,
      channelId,
      epoch,
      aad: hex(metadataAad({ chainId, registry, channelId, epoch })),
      metadata: hex(
        await c.encryptChannelMetadata({ chainId, registry, channelId, epoch, metadata, key: epochKey, iv: metadataIv }),
      ),
    })),
  ),
});

// files ----------------------------------------------------------------------------------
const noncePrefix = fixedBytes("nonce prefix", 8);
const fileCases = [
  { name: "empty", size: 0 },
  { name: "one byte", size: 1 },
  { name: "exactly one chunk", size: 1024 },
  { name: "two chunks and a bit", size: 2 * 1024 + 7 },
];
const filePlaintext = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 7 + 3) & 0xff);
write("file-stream", {
  description: "PROTOCOL.md §8, chunk size 1024, fixed key and nonce prefix; plaintext byte i = (7i + 3) mod 256",
  key: hex(fileKey),
  noncePrefix: hex(noncePrefix),
  chunkSize: 1024,
  cases: await Promise.all(
    fileCases.map(async ({ name, size }) => {
      const chunks: string[] = [];
      for await (const chunk of c.encryptFileStream([filePlaintext(size)], { key: fileKey, chunkSize: 1024, noncePrefix }))
        chunks.push(hex(chunk));
      return { name, size, plaintextSha256: hex(sha256(filePlaintext(size))), header: chunks[0], chunks: chunks.slice(1) };
    }),
  ),
});

// backup ---------------------------------------------------------------------------------
const backupParams = { logN: 14, r: 8, p: 1 };
const passphrase = "correct horse battery staple";
const salt = fixedBytes("backup salt", 16);
const backupIv = fixedBytes("backup iv", 12);
const randomIdentity = fixedBytes("random identity", 32);
write("backup", {
  description: "PROTOCOL.md §11, scrypt log2 N = 14 (the minimum) to keep the vector fast",
  passphrase,
  ...backupParams,
  salt: hex(salt),
  iv: hex(backupIv),
  privateKey: hex(randomIdentity),
  publicKey: hex(x25519.getPublicKey(randomIdentity)),
  backup: hex(await c.backupIdentityKey({ privateKey: randomIdentity, passphrase, ...backupParams, salt, iv: backupIv })),
});

// pubsub -----------------------------------------------------------------------------------
const senderAccount = privateKeyToAccount(SENDER_KEY);
const sessionAccount = privateKeyToAccount(SESSION_KEY);
const topicContext = { ...deployment, channelId: channel.channelId, epoch: channel.epoch, key: epochKey };
const secondBlock = await messages.sealMessage({ ...channel, key: epochKey, envelope: envelopes[1]!.envelope, iv: fixedBytes("second block iv", 12) });
const secondWrapped = await c.wrapCid({ ...channel, key: epochKey, cid: await rawCid(secondBlock), iv: fixedBytes("second wrap iv", 12) });
const txFields = { chainId: deployment.chainId, to: deployment.registry, gas: 200_000n, maxFeePerGas: 2_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n, type: "eip1559" } as const;
const pendingCases = [
  {
    name: "post by the wallet",
    signer: senderAccount,
    nonce: 7,
    data: encodeFunctionData({ abi: channelRegistryAbi, functionName: "post", args: [channel.channelId, hex(wrapped)] }),
    batchIndex: 0,
  },
  {
    name: "postBatchAs by the wallet's session key, the message second in the batch",
    signer: sessionAccount,
    nonce: 0,
    data: encodeFunctionData({ abi: channelRegistryAbi, functionName: "postBatchAs", args: [sender, channel.channelId, hex(c.packBatch([secondWrapped, wrapped]))] }),
    batchIndex: 1,
  },
];
write("pubsub", {
  description:
    "PROTOCOL.md §16: the topic of the channel epoch of message-block.json; pending messages carrying that block and its wrapped CID (wrapped-cid.json) with a transaction signed by Hardhat account #1 (the sender) or #2 (its session key); presence beats with fixed IVs",
  ...deployment,
  channelId: channel.channelId,
  epoch: channel.epoch,
  key: hex(epochKey),
  topic: pubsub.channelTopic(topicContext),
  sender,
  sessionKey: sessionAccount.address,
  wrappedCid: hex(wrapped),
  block: hex(block),
  blockCid: blockCid.toString(),
  pending: await Promise.all(
    pendingCases.map(async ({ name, signer, nonce, data, batchIndex }) => {
      const transaction = await signer.signTransaction({ ...txFields, nonce, data });
      return {
        name,
        signerPrivateKey: signer === senderAccount ? SENDER_KEY : SESSION_KEY,
        signer: signer.address,
        transactionFields: { ...txFields, nonce, data },
        transaction,
        transactionHash: keccak256(transaction),
        batchIndex,
        message: hex(pubsub.encodePendingMessage({ transaction, wrappedCid: wrapped, block })),
      };
    }),
  ),
  presence: await Promise.all(
    [
      { name: "online, unsigned", state: "online" as const, timestamp: 1_767_225_600_000, iv: fixedBytes("presence iv", 12) },
      { name: "typing, signed by the session key", state: "typing" as const, timestamp: 1_767_225_601_000, iv: fixedBytes("typing iv", 12), sessionKey: sessionAccount },
    ].map(async ({ name, state, timestamp, iv, sessionKey }) => ({
      name,
      state,
      timestamp,
      iv: hex(iv),
      signed: sessionKey !== undefined,
      aad: hex(pubsub.presenceAad(topicContext)),
      ...(sessionKey ? { digest: pubsub.presenceDigest(topicContext, { sender, state, timestamp }) } : {}),
      beat: hex(await pubsub.sealPresence({ ...topicContext, sender, state, timestamp, iv, sessionKey })),
    })),
  ),
});

console.log(`wrote vectors to ${out.pathname}`);
