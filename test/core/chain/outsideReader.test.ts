/**
 * An outside reader written from docs/PROTOCOL.md §13 ("Finding data from the registry address
 * alone") with plain viem calls only — no Cairn reader: given an RPC endpoint and the registry
 * address, it finds the KeyDirectory, the deployment block, an account's channels, a channel's
 * state and its messages newest first, through the pointer chains, behind the testnet-like harness
 * (1,000-block cap, 20 requests/s, 80 ms) over a 1,000,000-block history, within a request budget.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { decodeEventLog, encodeEventTopics, pad, parseAbi, toHex, type Address, type Hex, type Log, type PublicClient } from "viem";
import { testAccount } from "../../../scripts/stack/testAccounts.js";
import { startCairnChain, type CairnChain } from "../../../testkit/startCairnChain.js";

// Written from the spec's tables (§10, §13), not imported from the project.
const abi = parseAbi([
  "function keyDirectory() view returns (address)",
  "function deploymentBlock() view returns (uint64)",
  "function windowBlocks() view returns (uint32)",
  "function lastMembershipBlock(address account) view returns (uint64)",
  "function lastPublicChannelBlock() view returns (uint64)",
  "function channelInfo(uint256 channelId) view returns ((address admin, bool isPublic, bool isDirect, bool rekeyRequired, uint32 epoch, uint32 memberCount, uint32 messageWindow, uint64 createdBlock, uint64 metadataBlock, uint64 stateBlock))",
  "event Posted(uint256 indexed channelId, address indexed sender, bytes wrappedCid)",
  "event BatchPosted(uint256 indexed channelId, address indexed sender, bytes packed)",
  "event MessagesLinked(uint256 indexed channelId, uint32 previousWindow)",
  "event ChannelCreated(uint256 indexed channelId, address indexed creator, bool isPublic, bytes metadata, bytes keyMaterial)",
  "event MemberJoined(uint256 indexed channelId, address indexed account)",
  "event MemberAdded(uint256 indexed channelId, address indexed account, uint32 epoch, bytes sealedKey)",
  "event MemberRemoved(uint256 indexed channelId, address indexed account)",
  "event MemberLeft(uint256 indexed channelId, address indexed account)",
  "event AccountLinked(address indexed account, uint256 indexed channelId, uint64 previousBlock)",
  "event ChannelLinked(uint256 indexed channelId, uint64 previousBlock)",
  "event PublicChannelsLinked(uint64 previousBlock)",
]);

const topic0 = (name: string) => encodeEventTopics({ abi, eventName: name as never })[0] as Hex;
const u256 = (value: bigint) => pad(toHex(value), { size: 32 });
const decode = (log: Log) => decodeEventLog({ abi, data: log.data, topics: log.topics, strict: false });

/** eth_getLogs over [from, to] in parts of at most `cap` blocks (the endpoint's range limit). */
async function getLogs(client: PublicClient, address: Address, topics: (Hex | Hex[] | null)[], from: bigint, to: bigint, cap: bigint): Promise<Log[]> {
  const logs: Log[] = [];
  for (let low = from; low <= to; low += cap) {
    const high = low + cap - 1n < to ? low + cap - 1n : to;
    const part = await client.request({ method: "eth_getLogs", params: [{ address, topics, fromBlock: toHex(low), toBlock: toHex(high) }] });
    logs.push(...(part as unknown as Log[]).map((log) => ({ ...log, blockNumber: BigInt(log.blockNumber!) })));
  }
  return logs;
}

describe("an outside reader from PROTOCOL.md §13, plain viem, behind a 1,000-block cap", () => {
  let cairn: CairnChain;
  const CREATOR = 1;
  const READER = 2;
  let channelIds: bigint[];
  let posted: bigint[];

  beforeAll(async () => {
    cairn = await startCairnChain({ historyBlocks: 1_000_000 });
    channelIds = [await cairn.createPublicChannel(CREATOR, "first"), await cairn.createPublicChannel(CREATOR, "second")];
    await cairn.mine(5_000);
    await cairn.join(READER, channelIds[1]);
    posted = [];
    for (let n = 0; n < 6; n++) {
      posted.push(await cairn.post(n % 2 === 0 ? CREATOR : READER, channelIds[1]));
      await cairn.mine(n % 2 === 0 ? 2_500 : 3);
    }
  }, 300_000);

  afterAll(async () => {
    await cairn?.stop();
  });

  it("finds the account's channels, their state and the messages newest first without reading empty ranges", async () => {
    const client = cairn.client();
    const registry = cairn.deployment.channelRegistry;
    const cap = 1_000n;
    cairn.harness.reset();
    const read = <T>(functionName: string, args: unknown[] = []) => client.readContract({ address: registry, abi, functionName: functionName as never, args: args as never }) as Promise<T>;

    // The registry names the rest.
    expect((await read<Address>("keyDirectory")).toLowerCase()).toBe(cairn.deployment.keyDirectory.toLowerCase());
    expect(await read<bigint>("deploymentBlock")).toBe(cairn.deployment.fromBlock);
    const W = BigInt(await read<number>("windowBlocks"));
    const head = await client.getBlockNumber();

    // Channels of an account.
    const reader = testAccount(READER).address;
    const memberships: { channelId: bigint; event: string }[] = [];
    const membershipEvents = ["ChannelCreated", "MemberJoined", "MemberAdded", "MemberRemoved", "MemberLeft", "AccountLinked"].map(topic0);
    for (let b = await read<bigint>("lastMembershipBlock", [reader]); b !== 0n; ) {
      const logs = await getLogs(client, registry, [membershipEvents], b, b, cap);
      let previous: bigint | undefined;
      for (const log of logs) {
        const { eventName, args } = decode(log) as { eventName: string; args: Record<string, unknown> };
        if (eventName === "AccountLinked") {
          if ((args.account as Address).toLowerCase() === reader.toLowerCase()) previous = args.previousBlock as bigint;
        } else if (((eventName === "ChannelCreated" ? args.creator : args.account) as Address).toLowerCase() === reader.toLowerCase()) {
          memberships.unshift({ channelId: args.channelId as bigint, event: eventName });
        }
      }
      expect(previous !== undefined && previous < b).toBe(true);
      b = previous!;
    }
    expect(memberships).toEqual([{ channelId: channelIds[1], event: "MemberJoined" }]);

    // State of that channel: its creation, then the reader's join.
    const channelId = channelIds[1];
    const info = await read<{ stateBlock: bigint; createdBlock: bigint; messageWindow: number }>("channelInfo", [channelId]);
    const stateEvents = ["ChannelCreated", "MemberJoined", "ChannelLinked"].map(topic0);
    const state: string[] = [];
    for (let b: bigint | undefined = info.stateBlock; b !== undefined; ) {
      const logs = await getLogs(client, registry, [stateEvents, u256(channelId)], b, b, cap);
      const decoded = logs.map(decode) as { eventName: string; args: Record<string, unknown> }[];
      state.unshift(...decoded.filter((log) => log.eventName !== "ChannelLinked").map((log) => log.eventName));
      const link = decoded.find((log) => log.eventName === "ChannelLinked");
      b = link ? (link.args.previousBlock as bigint) : undefined;
    }
    expect(state).toEqual(["ChannelCreated", "MemberJoined"]);

    // Messages newest first, window by window.
    const found: bigint[] = [];
    const messageEvents = ["Posted", "BatchPosted", "MessagesLinked"].map(topic0);
    for (let p = BigInt(info.messageWindow); p !== 0n; ) {
      const end = p * W - 1n < head ? p * W - 1n : head;
      const logs = await getLogs(client, registry, [messageEvents, u256(channelId)], (p - 1n) * W, end, cap);
      const decoded = logs.map((log) => ({ log, ...(decode(log) as { eventName: string; args: Record<string, unknown> }) }));
      found.unshift(...decoded.filter((entry) => entry.eventName === "Posted").map((entry) => entry.log.blockNumber!));
      const link = decoded.find((entry) => entry.eventName === "MessagesLinked");
      expect(link !== undefined && (link.args.previousWindow as number) < p).toBe(true);
      p = BigInt(link!.args.previousWindow as number);
    }
    expect(found).toEqual(posted);

    // Public channels, newest first.
    const publicIds: bigint[] = [];
    for (let b = await read<bigint>("lastPublicChannelBlock"); b !== 0n; ) {
      const logs = (await getLogs(client, registry, [[topic0("ChannelCreated"), topic0("PublicChannelsLinked")]], b, b, cap)).map(decode) as {
        eventName: string;
        args: Record<string, unknown>;
      }[];
      publicIds.push(...logs.filter((log) => log.eventName === "ChannelCreated" && log.args.isPublic).map((log) => log.args.channelId as bigint).reverse());
      b = (logs.find((log) => log.eventName === "PublicChannelsLinked")?.args.previousBlock as bigint | undefined) ?? 0n;
    }
    expect(publicIds).toEqual([...channelIds].reverse());

    // One request per view and per link: nothing near the 1,000 reads a scan of the history takes.
    const { byMethod } = cairn.harness.stats();
    expect(byMethod.eth_getLogs).toBeLessThanOrEqual(12);
    expect(Object.values(byMethod).reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(25);
  }, 120_000);
});
