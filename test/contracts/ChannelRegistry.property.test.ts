import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { BaseError, ContractFunctionRevertedError, getAbiItem, isAddressEqual, type Address, type Hex, type PublicClient } from "viem";
import {
  MEMBERSHIP_EVENTS,
  STATE_EVENTS,
  addressTopic,
  compareLogs,
  eventTopics,
  registryLogFetcher,
  uintTopic,
  walkRegistryChain,
  type RegistryChain,
  type RegistryLog,
} from "@cairn/core/chain";
import { keyDirectoryAbi } from "@cairn/core/contracts";
import { sortAddresses, wrappedCid } from "../../scripts/contracts/bytes.js";
import { META, PUBLIC_KEY, SEALED, newSalt, setup } from "./setup.js";

/**
 * Random sequences of channel operations by five wallets, over many blocks (empty stretches mined
 * between steps, several transactions in one block), run against the contract and against a
 * TypeScript model. Every step must succeed or fail exactly as the model predicts (same custom
 * error), and afterwards the touched channel must match the model: admin, flags, epoch (never
 * decreasing), member count and every wallet's member record. Posting is part of the sequence,
 * so "only current members post, at the current epoch, never while a re-key is due" is checked on
 * every post.
 *
 * At the end of each sequence every pointer chain is walked from its view with core's
 * walkRegistryChain (messages by window, each channel's state, each account's memberships, the
 * public directory) and must give exactly the events of its kind that a scan of the whole chain
 * finds, in order; each KeyDirectory record must match the KeyPublished logs.
 */

const t = await setup();
const { registry, keyDirectory, as, address, idFor, networkHelpers } = t;
const client: PublicClient = t.publicClient;
const actors = [t.admin, t.alice, t.bob, t.carol, t.dave];
const accounts = actors.map(address);
const UNKNOWN_CHANNEL = 42n;

interface ModelChannel {
  id: bigint;
  admin: Address;
  isPublic: boolean;
  isDirect: boolean;
  rekeyRequired: boolean;
  epoch: number;
  members: Map<Address, number>;
}

type ChannelKind = "public" | "private" | "direct";
type Command =
  | { kind: "create"; actor: number; channelKind: ChannelKind; target: number }
  | { kind: "join" | "leave" | "rotate" | "post"; actor: number; channel: number }
  | { kind: "add" | "remove" | "transferAdmin"; actor: number; channel: number; target: number }
  | { kind: "publishKey"; actor: number };
type Step = Command | { kind: "mine"; blocks: number } | { kind: "sameBlock"; commands: Command[] };

// Biased towards wallet 0 and the first channels so admin-only paths (rotate, add after a rotation) occur often.
const actor = fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.nat({ max: actors.length - 1 }), weight: 3 });
const channel = fc.oneof({ arbitrary: fc.nat({ max: 1 }), weight: 3 }, { arbitrary: fc.nat({ max: 7 }), weight: 1 });
const simple = (kind: "join" | "leave" | "rotate" | "post") => fc.record({ kind: fc.constant(kind), actor, channel });
const targeted = (kind: "add" | "remove" | "transferAdmin") => fc.record({ kind: fc.constant(kind), actor, channel, target: actor });
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant("create" as const), actor, channelKind: fc.constantFrom<ChannelKind>("public", "private", "direct"), target: actor }),
    weight: 1,
  },
  { arbitrary: simple("join"), weight: 3 },
  { arbitrary: simple("leave"), weight: 2 },
  { arbitrary: simple("rotate"), weight: 2 },
  { arbitrary: simple("post"), weight: 6 },
  { arbitrary: targeted("add"), weight: 3 },
  { arbitrary: targeted("remove"), weight: 2 },
  { arbitrary: targeted("transferAdmin"), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("publishKey" as const), actor }), weight: 1 },
);
/** Empty stretches: the next block, the rest of a window, exactly a window, several windows. */
const mine = fc.record({ kind: fc.constant("mine" as const), blocks: fc.constantFrom(1, 400, 999, 1_000, 2_500) });
const sameBlock = fc.record({ kind: fc.constant("sameBlock" as const), commands: fc.array(command, { minLength: 2, maxLength: 4 }) });
const step: fc.Arbitrary<Step> = fc.oneof({ arbitrary: command, weight: 8 }, { arbitrary: mine, weight: 3 }, { arbitrary: sameBlock, weight: 2 });
/** Every sequence starts with a private and a public channel of wallet 0, then random steps. */
const sequence = fc.array(step, { minLength: 8, maxLength: 40 }).map((steps): Step[] => [
  { kind: "create", actor: 0, channelKind: "private", target: 1 },
  { kind: "create", actor: 0, channelKind: "public", target: 1 },
  ...steps,
]);

/** "success" or the custom error the transaction reverted with. */
async function outcome(sent: Promise<Hex>): Promise<string> {
  try {
    const receipt = await client.waitForTransactionReceipt({ hash: await sent });
    return receipt.status;
  } catch (error) {
    const revert = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    if (revert instanceof ContractFunctionRevertedError && revert.data) return revert.data.errorName;
    throw error;
  }
}

class Model {
  channels: ModelChannel[] = [];
  directPairs = new Set<string>();

  channelOf(cmd: Command): ModelChannel | undefined {
    return "channel" in cmd ? this.channels[cmd.channel % Math.max(this.channels.length, 1)] : undefined;
  }

  /** What the contract must answer, from the model alone (same check order as the contract). */
  expected(cmd: Command): string {
    const who = accounts[cmd.actor]!;
    const target = "target" in cmd ? accounts[cmd.target]! : who;
    if (cmd.kind === "publishKey") return "success";
    if (cmd.kind === "create") {
      if (cmd.channelKind !== "direct") return "success";
      if (target === who) return "ChannelDirectWithSelf";
      return this.directPairs.has(pairKey(who, target)) ? "ChannelDirectExists" : "success";
    }
    const c = this.channelOf(cmd);
    if (cmd.kind === "post") {
      if (!c?.members.has(who)) return "ChannelNotMember";
      return c.rekeyRequired ? "ChannelRekeyRequired" : "success";
    }
    if (c === undefined) return "ChannelNotFound";
    switch (cmd.kind) {
      case "join":
        if (!c.isPublic) return "ChannelNotPublic";
        return c.members.has(who) ? "ChannelAlreadyMember" : "success";
      case "leave":
        if (c.isDirect) return "ChannelIsDirect";
        if (c.admin === who) return "ChannelAdminCannotLeave";
        return c.members.has(who) ? "success" : "ChannelNotMember";
      case "rotate":
        if (c.isPublic) return "ChannelIsPublic";
        if (c.admin === who) return "success";
        if (!c.isDirect && !c.rekeyRequired) return "ChannelNotAdmin";
        return c.members.has(who) ? "success" : "ChannelNotMember";
    }
    if (c.isDirect) return "ChannelIsDirect";
    if (c.admin !== who) return "ChannelNotAdmin";
    switch (cmd.kind) {
      case "add":
        return c.members.has(target) ? "ChannelAlreadyMember" : "success";
      case "remove":
        if (target === who) return "ChannelAdminCannotRemoveSelf";
        return c.members.has(target) ? "success" : "ChannelNotMember";
      case "transferAdmin":
        if (target === who) return "ChannelAlreadyAdmin";
        return c.members.has(target) ? "success" : "ChannelNotMember";
    }
  }

  /** Sends the command; the salt of a creation is fixed here so that `apply` knows the id. */
  send(cmd: Command, salt: Hex, gas?: bigint): Promise<Hex> {
    const from = { ...as(actors[cmd.actor]!), ...(gas ? { gas } : {}) };
    const target = "target" in cmd ? accounts[cmd.target]! : accounts[cmd.actor]!;
    if (cmd.kind === "publishKey") return keyDirectory.write.publishKey([salt], from);
    if (cmd.kind === "create") {
      if (cmd.channelKind === "direct") return registry.write.createDirectChannel([salt, target, META, SEALED, SEALED], from);
      return registry.write.createChannel([salt, cmd.channelKind === "public", META, cmd.channelKind === "public" ? PUBLIC_KEY : SEALED], from);
    }
    const c = this.channelOf(cmd);
    const id = c?.id ?? UNKNOWN_CHANNEL;
    const everyone = sortAddresses([...(c?.members.keys() ?? [])]);
    switch (cmd.kind) {
      case "join":
        return registry.write.join([id], from);
      case "leave":
        return registry.write.leave([id], from);
      case "post":
        return registry.write.post([id, wrappedCid(c?.epoch ?? 1)], from);
      case "rotate":
        return registry.write.rotateKey([id, everyone, everyone.map(() => SEALED)], from);
      case "add":
        return registry.write.addMember([id, target, c?.isPublic ? "0x" : SEALED], from);
      case "remove": {
        if (c?.isPublic !== false) return registry.write.removeMember([id, target], from);
        const staying = everyone.filter((account) => account !== target);
        return registry.write.removeMemberAndRotate([id, target, staying, staying.map(() => SEALED)], from);
      }
      case "transferAdmin":
        return registry.write.transferAdmin([id, target], from);
    }
  }

  async apply(cmd: Command, salt: Hex) {
    const who = accounts[cmd.actor]!;
    const target = "target" in cmd ? accounts[cmd.target]! : who;
    if (cmd.kind === "publishKey") return undefined;
    if (cmd.kind === "create") {
      const members = new Map([[who, 1]]);
      const isDirect = cmd.channelKind === "direct";
      if (isDirect) {
        members.set(target, 1);
        this.directPairs.add(pairKey(who, target));
      }
      const created = { id: await idFor(actors[cmd.actor]!, salt), admin: who, isPublic: cmd.channelKind === "public", isDirect, rekeyRequired: false, epoch: 1, members };
      this.channels.push(created);
      return created;
    }
    const c = this.channelOf(cmd)!;
    if (cmd.kind === "join") c.members.set(who, 1);
    if (cmd.kind === "leave") {
      c.members.delete(who);
      c.rekeyRequired = !c.isPublic;
    }
    if (cmd.kind === "rotate" || (cmd.kind === "remove" && !c.isPublic)) {
      c.epoch += 1;
      c.rekeyRequired = false;
    }
    if (cmd.kind === "add") c.members.set(target, c.epoch);
    if (cmd.kind === "remove") c.members.delete(target);
    if (cmd.kind === "transferAdmin") c.admin = target;
    return c;
  }
}

const pairKey = (a: Address, b: Address) => sortAddresses([a, b]).join();

async function assertMatches(c: ModelChannel, previousEpoch: number) {
  const info = await registry.read.channelInfo([c.id]);
  assert.ok(info.epoch >= previousEpoch, "epochs never decrease");
  assert.deepEqual(
    { admin: info.admin, isPublic: info.isPublic, isDirect: info.isDirect, rekeyRequired: info.rekeyRequired, epoch: info.epoch, memberCount: info.memberCount },
    { admin: c.admin, isPublic: c.isPublic, isDirect: c.isDirect, rekeyRequired: c.rekeyRequired, epoch: c.epoch, memberCount: c.members.size },
  );
  for (const account of accounts) {
    assert.equal(await registry.read.memberSince([c.id, account]), c.members.get(account) ?? 0, `memberSince ${account}`);
  }
}

// ---------------------------------------------------------------- pointer chains against full scans

const deploymentBlock = await registry.read.deploymentBlock();
const position = (log: RegistryLog) => `${log.blockNumber}:${log.logIndex}:${log.eventName}`;

/** Every registry log matching `topics`, from the deployment block to the head. */
async function scan(topics: Parameters<typeof registryLogFetcher>[2]): Promise<RegistryLog[]> {
  return registryLogFetcher(client, registry.address, topics)({ fromBlock: deploymentBlock, toBlock: await client.getBlockNumber() });
}

/** The chain's events as the walk finds them (newest link first), put back in chain order. */
async function walk(chain: RegistryChain): Promise<string[]> {
  const links = [];
  for await (const link of walkRegistryChain(client, { registry: registry.address, chain })) links.push(link);
  for (const [i, link] of links.entries()) {
    if (i > 0) assert.ok(link.range.toBlock < links[i - 1]!.range.fromBlock, "links go back in time without overlap");
  }
  return links.reverse().flatMap((link) => link.logs.map(position));
}

async function assertChainsComplete(model: Model) {
  for (const c of model.channels) {
    const messages = await scan([eventTopics(["Posted", "BatchPosted"]), uintTopic(c.id)]);
    assert.deepEqual(await walk({ kind: "messages", channelId: c.id }), messages.map(position), `messages of ${c.id}`);
    const state = await scan([eventTopics(STATE_EVENTS), uintTopic(c.id)]);
    assert.deepEqual(await walk({ kind: "state", channelId: c.id }), state.map(position), `state of ${c.id}`);
  }
  for (const account of accounts) {
    const memberships = await scan([eventTopics(MEMBERSHIP_EVENTS), null, addressTopic(account)]);
    assert.deepEqual(await walk({ kind: "account", account }), memberships.map(position), `memberships of ${account}`);
  }
  const publicChannels = (await scan([eventTopics(["ChannelCreated"])])).filter((log) => log.eventName === "ChannelCreated" && log.args.isPublic);
  assert.deepEqual(await walk({ kind: "publicChannels" }), publicChannels.map(position), "public channels");

  const published = await client.getLogs({
    address: keyDirectory.address,
    event: getAbiItem({ abi: keyDirectoryAbi, name: "KeyPublished" }),
    fromBlock: deploymentBlock,
    strict: true,
  });
  for (const account of accounts) {
    const own = published.filter((log) => isAddressEqual(log.args.account, account)).sort(compareLogs);
    const last = own.at(-1);
    assert.deepEqual(await keyDirectory.read.keyRecordOf([account]), [
      last?.args.key ?? `0x${"00".repeat(32)}`,
      last?.blockNumber ?? 0n,
      own.length,
    ]);
  }
}

/** Runs several commands in one block: only those the model expects to succeed, each must. */
async function runInOneBlock(model: Model, commands: readonly Command[]) {
  await networkHelpers.mine(1);
  await t.connection.provider.request({ method: "evm_setAutomine", params: [false] });
  const sent: { cmd: Command; salt: Hex; hash: Hex }[] = [];
  try {
    for (const cmd of commands) {
      if (model.expected(cmd) !== "success") continue;
      const salt = newSalt();
      // A fixed gas limit: estimating against the latest block would not see the transactions before it in this block.
      sent.push({ cmd, salt, hash: await model.send(cmd, salt, 3_000_000n) });
      await model.apply(cmd, salt);
    }
  } finally {
    await t.connection.provider.request({ method: "evm_setAutomine", params: [true] });
  }
  await networkHelpers.mine(1);
  const blocks = new Set<bigint>();
  for (const { cmd, hash } of sent) {
    const receipt = await client.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success", `${JSON.stringify(cmd)} in one block`);
    blocks.add(receipt.blockNumber);
  }
  assert.ok(blocks.size <= 1, "all in one block");
}

describe("ChannelRegistry: model-based property test", () => {
  it("matches the model, and every pointer chain gives exactly its events, over random operation sequences", { timeout: 900_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(sequence, async (steps) => {
        await t.restore();
        const model = new Model();
        for (const step of steps) {
          if (step.kind === "mine") {
            await networkHelpers.mine(step.blocks);
            continue;
          }
          if (step.kind === "sameBlock") {
            await runInOneBlock(model, step.commands);
            continue;
          }
          const c = model.channelOf(step);
          const previousEpoch = c?.epoch ?? 0;
          const want = model.expected(step);
          const salt = newSalt();
          const got = await outcome(model.send(step, salt));
          assert.equal(got, want, `${JSON.stringify(step)} on channel ${c?.id ?? "none"}`);
          const touched = got === "success" ? await model.apply(step, salt) : c;
          if (touched) await assertMatches(touched, previousEpoch);
        }
        await assertChainsComplete(model);
      }),
      { numRuns: 200 },
    );
  });
});
