/**
 * The membership and key-binding attacks of issue 14, each performed against the registry (and,
 * where the defence is in the client, against core) and shown to fail:
 *   14.3a a message sealed under an epoch the channel has left is posted after a removal;
 *   14.3b a member leaves a private channel (or front-runs its removal by leaving) and keeps the key;
 *   14.4  a non-member clones a private channel's epoch-1 metadata and sealed keys into its own channel;
 *   14.8  the creator of a 1:1 channel manages it like a group (adds a third member, removes the peer).
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { decodeFunctionData, hexToBytes, isAddressEqual, parseEventLogs, type Hex, type PublicClient } from "viem";
import {
  channelIdFor,
  createTxSender,
  publishKeyTx,
  reduceChannelState,
  registryLogFetcher,
  uintTopic,
  type CairnDeployment,
  type SendTxClients,
  type TxSender,
} from "@cairn/core/chain";
import { createChannel, createKeyring, describeChannel, EpochKeySealedToEarlierKeyError, rotateChannelKey } from "@cairn/core/channel";
import { DecryptionFailedError, decryptChannelMetadata, generateIdentityKey, openSealedKey, type IdentityKeyPair } from "@cairn/core/crypto";
import { filler, packBatch, sortAddresses, wrappedCid } from "../../scripts/contracts/bytes.js";
import { META, SEALED, newSalt, setup } from "./setup.js";

const t = await setup();
const { registry, keyDirectory, assertions, admin, alice, bob, carol, sessionKey, as, address, idFor, createPrivate, createDirect, authorize } = t;
const client: PublicClient = t.publicClient;
const chainId = await client.getChainId();
const deployment: CairnDeployment = {
  keyDirectory: keyDirectory.address,
  channelRegistry: registry.address,
  fromBlock: BigInt(await registry.read.deploymentBlock()),
};
type Wallet = (typeof t.wallets)[number];

/** A wallet as core sees it: its identity key (published), its sender, and what a keyring needs. */
async function member(wallet: Wallet, sender?: TxSender) {
  const identity: IdentityKeyPair = generateIdentityKey();
  const clients = { walletClient: wallet, publicClient: client } as unknown as SendTxClients;
  const context = { publicClient: client, sender: sender ?? createTxSender(clients), account: address(wallet), identity, chainId, deployment };
  await context.sender(publishKeyTx(deployment.keyDirectory, { publicKey: identity.publicKey }));
  return { ...context, clients };
}

/** A channel's registry logs (state events), in chain order. */
async function stateLogs(channelId: bigint) {
  return registryLogFetcher(client, registry.address, [null, uintTopic(channelId)])({ fromBlock: deployment.fromBlock, toBlock: await client.getBlockNumber() });
}

describe("channel ids in core", () => {
  it("channelIdFor gives the registry's own id for any creator and salt", async () => {
    for (const wallet of [admin, alice, carol]) {
      const salt = newSalt();
      assert.equal(channelIdFor(address(wallet), salt), await registry.read.channelIdFor([address(wallet), salt]));
    }
  });
});

describe("attack 14.3a: a message sealed under the epoch before a removal", () => {
  beforeEach(t.restore);

  it("is refused by post, postBatch, postAs and postBatchAs once removeMemberAndRotate started the next epoch", async () => {
    const id = await createPrivate([address(alice), address(bob)]);
    await authorize(alice, sessionKey);
    // Alice's client sealed these under epoch 1 while Bob was still a member (a queued send, a retry, a slow upload).
    const queued = wrappedCid(1, 69, 7);
    const queuedBatch = packBatch([wrappedCid(1, 69, 8), wrappedCid(1, 69, 9)]);
    const staying = sortAddresses([address(admin), address(alice)]);
    await registry.write.removeMemberAndRotate([id, address(bob), staying, staying.map(() => SEALED)]);
    assert.equal(await registry.read.currentEpoch([id]), 2);

    const stale: [bigint, number, number] = [id, 2, 1];
    await assertions.revertWithCustomErrorWithArgs(registry.write.post([id, queued], as(alice)), registry, "ChannelStaleEpoch", stale);
    await assertions.revertWithCustomErrorWithArgs(registry.write.postBatch([id, queuedBatch], as(alice)), registry, "ChannelStaleEpoch", stale);
    await assertions.revertWithCustomErrorWithArgs(registry.write.postAs([address(alice), id, queued], as(sessionKey)), registry, "ChannelStaleEpoch", stale);
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.postBatchAs([address(alice), id, queuedBatch], as(sessionKey)),
      registry,
      "ChannelStaleEpoch",
      stale,
    );
    // One stale item spoils a batch of current ones.
    const mixed = packBatch([wrappedCid(2, 69, 10), wrappedCid(1, 69, 11)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.postBatch([id, mixed], as(alice)), registry, "ChannelStaleEpoch", stale);
    // Sealed again under epoch 2, the message goes out.
    await assertions.emitWithArgs(registry.write.post([id, wrappedCid(2, 69, 7)], as(alice)), registry, "Posted", [id, address(alice), wrappedCid(2, 69, 7)]);
  });
});

describe("attack 14.3b: leaving a private channel with its key", () => {
  beforeEach(t.restore);

  it("blocks posts until any remaining member re-keys; the leaver gets no key of the new epoch", async () => {
    const id = await createPrivate([address(alice), address(bob)]);
    await authorize(admin, sessionKey);
    await registry.write.leave([id], as(bob));
    assert.equal((await registry.read.channelInfo([id])).rekeyRequired, true);

    const refused: [bigint] = [id];
    await assertions.revertWithCustomErrorWithArgs(registry.write.post([id, wrappedCid(1)], as(alice)), registry, "ChannelRekeyRequired", refused);
    await assertions.revertWithCustomErrorWithArgs(registry.write.postBatch([id, packBatch([wrappedCid(1)])]), registry, "ChannelRekeyRequired", refused);
    await assertions.revertWithCustomErrorWithArgs(registry.write.postAs([address(admin), id, wrappedCid(1)], as(sessionKey)), registry, "ChannelRekeyRequired", refused);
    await assertions.revertWithCustomErrorWithArgs(registry.write.updateMetadata([id, filler(40, 9)]), registry, "ChannelRekeyRequired", refused);

    // Alice is no admin, but any member may start the new epoch now.
    const staying = sortAddresses([address(admin), address(alice)]);
    await assertions.emitWithArgs(registry.write.rotateKey([id, staying, staying.map(() => SEALED)], as(alice)), registry, "KeyRotated", [id, 2]);
    const info = await registry.read.channelInfo([id]);
    assert.deepEqual([info.epoch, info.rekeyRequired], [2, false]);
    await assertions.emitWithArgs(registry.write.post([id, wrappedCid(2)], as(alice)), registry, "Posted", [id, address(alice), wrappedCid(2)]);

    const bobsView = reduceChannelState(id, await stateLogs(id), address(bob));
    assert.deepEqual(
      bobsView.epochKeys.map((k) => k.epoch),
      [1],
      "the leaver holds epoch 1 only",
    );
    // Once re-keyed, members are back to asking the admin.
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([id, staying, staying.map(() => SEALED)], as(alice)), registry, "ChannelNotAdmin", [
      id,
      address(alice),
    ]);
  });

  it("lets the admin re-key after a leave too, and refuses a re-key by the leaver or an outsider", async () => {
    const id = await createPrivate([address(alice), address(bob)]);
    await registry.write.leave([id], as(bob));
    const staying = sortAddresses([address(admin), address(alice)]);
    for (const outsider of [bob, carol]) {
      await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([id, staying, staying.map(() => SEALED)], as(outsider)), registry, "ChannelNotMember", [
        id,
        address(outsider),
      ]);
    }
    await registry.write.rotateKey([id, staying, staying.map(() => SEALED)]);
    assert.equal((await registry.read.channelInfo([id])).rekeyRequired, false);
  });

  it("lets core re-key as a member who is not the admin, once someone left", async () => {
    const [adminMember, aliceMember, bobMember] = [await member(admin), await member(alice), await member(bob)];
    const { channelId: id } = await createChannel(adminMember, { kind: "private", name: "leavers", members: [aliceMember.account, bobMember.account] });
    await registry.write.leave([id], as(bob));
    const aliceKeyring = createKeyring(aliceMember, id);
    assert.equal((await aliceKeyring.state({ maxAgeMs: 0 })).rekeyRequired, true);
    await rotateChannelKey(aliceMember, aliceKeyring, { channelId: id });
    const state = await aliceKeyring.state({ maxAgeMs: 0 });
    assert.deepEqual([state.epoch, state.rekeyRequired], [2, false]);
    assert.equal((await createKeyring(adminMember, id).key(2)).length, 32, "the admin opens the epoch Alice started");
  });

  it("refuses removeMember on a private channel: a removal always rotates", async () => {
    const id = await createPrivate([address(alice)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.removeMember([id, address(alice)]), registry, "ChannelRemovalNeedsRotation", [id]);
  });

  it("turns a removal front-run by leave into a rotation: the contract refuses the removal, core rotates without the leaver", async () => {
    // The bare contract: Bob leaves first, so the admin's removal names a non-member.
    const raw = await createPrivate([address(alice), address(bob)]);
    await registry.write.leave([raw], as(bob));
    const staying = sortAddresses([address(admin), address(alice)]);
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.removeMemberAndRotate([raw, address(bob), staying, staying.map(() => SEALED)]),
      registry,
      "ChannelNotMember",
      [raw, address(bob)],
    );

    // Core: the admin read the channel while Bob was a member; Bob's leave lands just before the removal.
    let frontRun = false;
    const sent: string[] = [];
    const adminSender: TxSender = async (tx) => {
      if (isAddressEqual(tx.to, registry.address)) sent.push(decodeFunctionData({ abi: registry.abi, data: tx.data }).functionName);
      if (frontRun) {
        frontRun = false;
        await registry.write.leave([id], as(bob));
      }
      return createTxSender({ walletClient: admin, publicClient: client } as unknown as SendTxClients)(tx);
    };
    const [adminMember, aliceMember, bobMember] = [await member(admin, adminSender), await member(alice), await member(bob)];
    const { channelId: id } = await createChannel(adminMember, { kind: "private", name: "front-run", members: [aliceMember.account, bobMember.account] });
    frontRun = true;
    sent.length = 0;
    const keyring = createKeyring(adminMember, id);
    await rotateChannelKey(adminMember, keyring, { channelId: id, removing: bobMember.account });
    assert.deepEqual(sent, ["removeMemberAndRotate", "rotateKey"], "the refused removal, then the rotation");

    const state = reduceChannelState(id, await stateLogs(id), bobMember.account);
    assert.equal(state.epoch, 2);
    assert.equal(state.rekeyRequired, false);
    assert.deepEqual(state.formerMembers, [{ account: bobMember.account, reason: "left" }]);
    assert.ok(state.members.every((m) => !isAddressEqual(m.account, bobMember.account)));
    assert.deepEqual(
      state.epochKeys.map((k) => k.epoch),
      [1],
      "Bob holds no key of epoch 2",
    );
    const aliceKeyring = createKeyring(aliceMember, id);
    assert.equal((await aliceKeyring.key(2)).length, 32, "Alice opens epoch 2");
  });
});

describe("attack 14.4: cloning a private channel's epoch-1 material", () => {
  beforeEach(t.restore);

  it("gives the clone another id, cannot take the victim's id, and nothing of the victim's opens under the clone's id", async () => {
    const [aliceMember, bobMember] = [await member(alice), await member(bob)];
    const { channelId: victimId, receipt } = await createChannel(aliceMember, {
      kind: "private",
      name: "secret plans",
      description: "members only",
      members: [bobMember.account],
    });
    const events = parseEventLogs({ abi: registry.abi, logs: receipt.logs });
    const created = events.find((e) => e.eventName === "ChannelCreated");
    const shared = events.find((e) => e.eventName === "EpochKeyShared");
    assert.ok(created?.eventName === "ChannelCreated" && shared?.eventName === "EpochKeyShared");
    const { metadata, keyMaterial: creatorKey } = created.args;

    // Carol, a non-member, copies it all into a channel of her own with the victims as members.
    const salt = newSalt();
    await registry.write.createPrivateChannel([salt, metadata, creatorKey, [address(alice), address(bob)], [creatorKey, shared.args.sealedKey]], as(carol));
    const cloneId = await idFor(carol, salt);
    assert.notEqual(cloneId, victimId);

    // The victim's id belongs to Alice's (creator, salt): nobody else can create it, not even with her salt.
    await assertions.revertWithCustomErrorWithArgs(registry.write.createChannel([salt, false, META, SEALED], as(carol)), registry, "ChannelExists", [cloneId]);
    const { input } = await client.getTransaction({ hash: receipt.transactionHash });
    const [victimSalt] = decodeFunctionData({ abi: registry.abi, data: input }).args as readonly [Hex, ...unknown[]];
    await registry.write.createChannel([victimSalt, false, META, SEALED], as(carol));
    assert.notEqual(await idFor(carol, victimSalt), victimId);
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.createChannel([victimSalt, false, META, SEALED], as(alice)),
      registry,
      "ChannelExists",
      [victimId],
    );

    // Under the victim's id the material opens (control) …
    const scope = { chainId, registry: registry.address, epoch: 1 };
    const bobsKey = hexToBytes(shared.args.sealedKey);
    const epochKey = await openSealedKey({ ...scope, channelId: victimId, sealedKey: bobsKey, privateKey: bobMember.identity.privateKey });
    assert.equal((await decryptChannelMetadata({ ...scope, channelId: victimId, metadata: hexToBytes(metadata), key: epochKey })).name, "secret plans");
    // … under the clone's id nothing does, even with the right key.
    await assert.rejects(openSealedKey({ ...scope, channelId: cloneId, sealedKey: bobsKey, privateKey: bobMember.identity.privateKey }), DecryptionFailedError);
    await assert.rejects(
      openSealedKey({ ...scope, channelId: cloneId, sealedKey: hexToBytes(creatorKey), privateKey: aliceMember.identity.privateKey }),
      DecryptionFailedError,
    );
    await assert.rejects(decryptChannelMetadata({ ...scope, channelId: cloneId, metadata: hexToBytes(metadata), key: epochKey }), DecryptionFailedError);

    // What Bob's client shows for the clone: no key, no name.
    const keyring = createKeyring(bobMember, cloneId);
    await assert.rejects(keyring.key(1), (error) => error instanceof EpochKeySealedToEarlierKeyError && error.cause instanceof DecryptionFailedError);
    const details = await describeChannel(keyring, { chainId, registry: registry.address, channelId: cloneId });
    assert.equal(details.info, null);
  });
});

describe("attack 14.8: managing a 1:1 channel like a group", () => {
  beforeEach(t.restore);

  it("refuses add, remove, leave, admin transfer and metadata changes, whoever asks", async () => {
    const id = await createDirect(alice, bob);
    for (const wallet of [alice, bob]) {
      const from = as(wallet);
      const isDirect: [bigint] = [id];
      await assertions.revertWithCustomErrorWithArgs(registry.write.addMember([id, address(carol), SEALED], from), registry, "ChannelIsDirect", isDirect);
      await assertions.revertWithCustomErrorWithArgs(registry.write.removeMember([id, address(bob)], from), registry, "ChannelIsDirect", isDirect);
      await assertions.revertWithCustomErrorWithArgs(
        registry.write.removeMemberAndRotate([id, address(bob), [address(alice)], [SEALED]], from),
        registry,
        "ChannelIsDirect",
        isDirect,
      );
      await assertions.revertWithCustomErrorWithArgs(registry.write.leave([id], from), registry, "ChannelIsDirect", isDirect);
      await assertions.revertWithCustomErrorWithArgs(registry.write.transferAdmin([id, address(bob)], from), registry, "ChannelIsDirect", isDirect);
      await assertions.revertWithCustomErrorWithArgs(registry.write.updateMetadata([id, META], from), registry, "ChannelIsDirect", isDirect);
    }
    const info = await registry.read.channelInfo([id]);
    assert.deepEqual([info.memberCount, await registry.read.isMember([id, address(carol)])], [2, false]);
  });

  it("lets either member rotate and share epoch keys (to repair a key change), and nobody else", async () => {
    const id = await createDirect(alice, bob);
    const pair = sortAddresses([address(alice), address(bob)]);
    await assertions.emitWithArgs(registry.write.rotateKey([id, pair, [SEALED, SEALED]], as(bob)), registry, "KeyRotated", [id, 2]);
    await assertions.emitWithArgs(registry.write.rotateKey([id, pair, [SEALED, SEALED]], as(alice)), registry, "KeyRotated", [id, 3]);
    await assertions.emitWithArgs(registry.write.shareEpochKeys([id, address(alice), [1, 2], [SEALED, SEALED]], as(bob)), registry, "EpochKeyShared", [
      id,
      2,
      address(alice),
      SEALED,
    ]);
    await registry.write.shareEpochKeys([id, address(bob), [3], [SEALED]], as(alice));
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([id, pair, [SEALED, SEALED]], as(carol)), registry, "ChannelNotMember", [
      id,
      address(carol),
    ]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.shareEpochKeys([id, address(bob), [1], [SEALED]], as(carol)), registry, "ChannelNotMember", [
      id,
      address(carol),
    ]);
  });
});
