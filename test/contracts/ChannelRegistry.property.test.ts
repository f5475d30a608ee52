import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { BaseError, ContractFunctionRevertedError, type Address, type Hex } from "viem";
import { sortAddresses } from "../../scripts/contracts/bytes.js";
import { CID, META, PUBLIC_KEY, SEALED, setup } from "./setup.js";

/**
 * Random sequences of channel operations by five wallets, run against the contract and against
 * a TypeScript model. Every step must succeed or fail exactly as the model predicts (same custom
 * error), and afterwards the touched channel must match the model: admin, epoch (never
 * decreasing), member count and every wallet's member record. Posting is part of the sequence,
 * so "only current members post" and "removed members cannot post" are checked on every post.
 */

const t = await setup();
const { registry, publicClient, as, address } = t;
const actors = [t.admin, t.alice, t.bob, t.carol, t.dave];
const accounts = actors.map(address);

interface ModelChannel {
  id: bigint;
  admin: Address;
  isPublic: boolean;
  epoch: bigint;
  members: Map<Address, bigint>;
}

type Command =
  | { kind: "create"; actor: number; isPublic: boolean }
  | { kind: "join" | "leave" | "rotate" | "post"; actor: number; channel: number }
  | { kind: "add" | "remove" | "transferAdmin"; actor: number; channel: number; target: number };

// Biased towards wallet 0 and the first channels so admin-only paths (rotate, add after a rotation) occur often.
const actor = fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.nat({ max: actors.length - 1 }), weight: 3 });
const channel = fc.oneof({ arbitrary: fc.nat({ max: 1 }), weight: 3 }, { arbitrary: fc.nat({ max: 7 }), weight: 1 });
const simple = (kind: "join" | "leave" | "rotate" | "post") => fc.record({ kind: fc.constant(kind), actor, channel });
const targeted = (kind: "add" | "remove" | "transferAdmin") => fc.record({ kind: fc.constant(kind), actor, channel, target: actor });
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("create" as const), actor, isPublic: fc.boolean() }), weight: 1 },
  { arbitrary: simple("join"), weight: 2 },
  { arbitrary: simple("leave"), weight: 2 },
  { arbitrary: simple("rotate"), weight: 2 },
  { arbitrary: simple("post"), weight: 3 },
  { arbitrary: targeted("add"), weight: 3 },
  { arbitrary: targeted("remove"), weight: 2 },
  { arbitrary: targeted("transferAdmin"), weight: 1 },
);
/** Every sequence starts with a public and a private channel of wallet 0, then random steps. */
const sequence = fc
  .array(command, { minLength: 1, maxLength: 24 })
  .map((steps): Command[] => [{ kind: "create", actor: 0, isPublic: false }, { kind: "create", actor: 0, isPublic: true }, ...steps]);

/** "ok" or the custom error the transaction reverted with. */
async function outcome(sent: Promise<Hex>): Promise<string> {
  try {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await sent });
    return receipt.status;
  } catch (error) {
    const revert = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    if (revert instanceof ContractFunctionRevertedError && revert.data) return revert.data.errorName;
    throw error;
  }
}

/** What the contract must answer, from the model alone (same check order as the contract). */
function expected(cmd: Command, c: ModelChannel | undefined): string {
  const who = accounts[cmd.actor]!;
  if (cmd.kind === "create") return "success";
  if (cmd.kind === "post") return c?.members.has(who) ? "success" : "ChannelNotMember";
  if (c === undefined) return "ChannelNotFound";
  const target = "target" in cmd ? accounts[cmd.target]! : who;
  switch (cmd.kind) {
    case "join":
      if (!c.isPublic) return "ChannelNotPublic";
      return c.members.has(who) ? "ChannelAlreadyMember" : "success";
    case "leave":
      if (c.admin === who) return "ChannelAdminCannotLeave";
      return c.members.has(who) ? "success" : "ChannelNotMember";
    case "rotate":
      if (c.admin !== who) return "ChannelNotAdmin";
      return c.isPublic ? "ChannelIsPublic" : "success";
    case "add":
      if (c.admin !== who) return "ChannelNotAdmin";
      return c.members.has(target) ? "ChannelAlreadyMember" : "success";
    case "remove":
      if (c.admin !== who) return "ChannelNotAdmin";
      if (target === who) return "ChannelAdminCannotLeave";
      return c.members.has(target) ? "success" : "ChannelNotMember";
    case "transferAdmin":
      if (c.admin !== who) return "ChannelNotAdmin";
      if (target === who) return "ChannelInvalidAccount";
      return c.members.has(target) ? "success" : "ChannelNotMember";
  }
}

/** Sends the command; ids of channels that do not exist yet map to count + 1. */
function send(cmd: Command, c: ModelChannel | undefined, nextId: bigint): Promise<Hex> {
  const from = as(actors[cmd.actor]!);
  const id = c?.id ?? nextId;
  switch (cmd.kind) {
    case "create":
      return registry.write.createChannel([cmd.isPublic, META, cmd.isPublic ? PUBLIC_KEY : SEALED], from);
    case "join":
      return registry.write.join([id], from);
    case "leave":
      return registry.write.leave([id], from);
    case "post":
      return registry.write.post([id, CID], from);
    case "rotate": {
      const members = sortAddresses([...(c?.members.keys() ?? [])]);
      return registry.write.rotateKey([id, members, members.map(() => SEALED)], from);
    }
    case "add":
      return registry.write.addMember([id, accounts[cmd.target]!, c?.isPublic ? "0x" : SEALED], from);
    case "remove":
      return registry.write.removeMember([id, accounts[cmd.target]!], from);
    case "transferAdmin":
      return registry.write.transferAdmin([id, accounts[cmd.target]!], from);
  }
}

function apply(cmd: Command, model: ModelChannel[], c: ModelChannel | undefined) {
  const who = accounts[cmd.actor]!;
  if (cmd.kind === "create") {
    const id = BigInt(model.length + 1);
    model.push({ id, admin: who, isPublic: cmd.isPublic, epoch: 1n, members: new Map([[who, 1n]]) });
    return;
  }
  if (c === undefined) return;
  const target = "target" in cmd ? accounts[cmd.target]! : who;
  if (cmd.kind === "join") c.members.set(who, 1n);
  if (cmd.kind === "leave") c.members.delete(who);
  if (cmd.kind === "rotate") c.epoch += 1n;
  if (cmd.kind === "add") c.members.set(target, c.epoch);
  if (cmd.kind === "remove") c.members.delete(target);
  if (cmd.kind === "transferAdmin") c.admin = target;
}

async function assertMatches(c: ModelChannel, previousEpoch: bigint) {
  const info = await registry.read.channelInfo([c.id]);
  assert.ok(info.epoch >= previousEpoch, "epochs never decrease");
  assert.deepEqual(info, { admin: c.admin, isPublic: c.isPublic, epoch: c.epoch, memberCount: c.members.size });
  for (const account of accounts) {
    assert.equal(await registry.read.memberSince([c.id, account]), c.members.get(account) ?? 0n, `memberSince ${account}`);
  }
}

describe("ChannelRegistry: model-based property test", () => {
  it("matches the model over random operation sequences", async () => {
    await fc.assert(
      fc.asyncProperty(sequence, async (commands) => {
        await t.restore();
        const model: ModelChannel[] = [];
        for (const cmd of commands) {
          const c = cmd.kind === "create" ? undefined : model[cmd.channel % Math.max(model.length, 1)];
          const previousEpoch = c?.epoch ?? 0n;
          const want = expected(cmd, c);
          const got = await outcome(send(cmd, c, BigInt(model.length + 1)));
          assert.equal(got, want, `${JSON.stringify(cmd)} on channel ${c?.id ?? "none"}`);
          if (got === "success") apply(cmd, model, c);
          const touched = cmd.kind === "create" ? model.at(-1) : c;
          if (touched) await assertMatches(touched, previousEpoch);
        }
        assert.equal(await registry.read.channelCount(), BigInt(model.length));
      }),
      { numRuns: 200 },
    );
  });
});
