import { describe, expect, it } from "@jest/globals";
import { keccak256, toHex, type Address } from "viem";
import { createDeliveryState, deliveryView, reduceDelivery, type DeliveryEvent, type DeliveryState } from "@cairn/core";
import { alice, mallory } from "../../../testkit/pendingMessageFixtures.js";

type Shown = { text: string };
const tx = (label: string) => keccak256(toHex(label));
const keyOf = (id: string, sender: Address = alice.address) => `${sender.toLowerCase()}/${id}`;

const pendingOf = (id: string, sender: Address = alice.address): DeliveryEvent<Shown> => ({
  type: "pending",
  key: keyOf(id, sender),
  sender,
  txHash: tx(id),
  payload: { text: `${id} (pubsub)` },
});
const confirmedOf = (id: string, blockNumber: bigint, logIndex = 0, batchIndex = 0, sender: Address = alice.address): DeliveryEvent<Shown> => ({
  type: "confirmed",
  key: keyOf(id, sender),
  sender,
  copy: { blockNumber, logIndex, batchIndex, txHash: tx(`${id}@${blockNumber}`) },
  payload: { text: `${id} (chain)` },
});
const head = (blockNumber: bigint): DeliveryEvent<Shown> => ({ type: "head", blockNumber });
const shown = (state: DeliveryState<Shown>) => deliveryView(state).map((entry) => `${entry.key.split("/")[1]}:${entry.status}`);

describe("reduceDelivery", () => {
  it("pending → confirmed: one entry, which takes its chain position among the confirmed messages", () => {
    let state = reduceDelivery(createDeliveryState<Shown>({}, 10n), confirmedOf("a", 5n), confirmedOf("c", 12n));
    state = reduceDelivery(state, pendingOf("b"), pendingOf("d"));
    expect(shown(state)).toEqual(["a:confirmed", "c:confirmed", "b:pending", "d:pending"]);
    state = reduceDelivery(state, confirmedOf("b", 11n, 3));
    expect(shown(state)).toEqual(["a:confirmed", "b:confirmed", "c:confirmed", "d:pending"]);
    expect(state.entries.size).toBe(4);
    const b = state.entries.get(keyOf("b"))!;
    expect(b.copies).toEqual([{ blockNumber: 11n, logIndex: 3, batchIndex: 0, txHash: tx("b@11") }]);
    expect(b.payload.text).toBe("b (chain)");
  });

  it("pending → not confirmed after N blocks, and confirmed after all when its log arrives later", () => {
    let state = reduceDelivery(createDeliveryState<Shown>({ confirmBlocks: 3 }, 100n), pendingOf("m"));
    state = reduceDelivery(state, head(102n));
    expect(shown(state)).toEqual(["m:pending"]);
    state = reduceDelivery(state, head(103n));
    expect(shown(state)).toEqual(["m:not-confirmed"]);
    state = reduceDelivery(state, confirmedOf("m", 104n));
    expect(shown(state)).toEqual(["m:confirmed"]);
  });

  it("copies of one message collapse to the first chain copy, whatever order they are read in", () => {
    const later = confirmedOf("x", 20n, 1);
    const first = confirmedOf("x", 8n, 4, 2);
    let state = reduceDelivery(createDeliveryState<Shown>(), pendingOf("x"), later, first, later);
    expect(state.entries.size).toBe(1);
    expect(state.entries.get(keyOf("x"))!.copies.map((copy) => copy.blockNumber)).toEqual([8n, 20n]);
    state = reduceDelivery(state, confirmedOf("y", 10n));
    expect(shown(state)).toEqual(["x:confirmed", "y:confirmed"]);
    // Another sender's copy of the same id is another message.
    state = reduceDelivery(state, confirmedOf("x", 9n, 0, 0, mallory.address));
    expect(state.entries.size).toBe(3);
  });

  it("a repeated pending copy changes nothing (the same state object comes back)", () => {
    const state = reduceDelivery(createDeliveryState<Shown>(), pendingOf("p"));
    expect(reduceDelivery(state, pendingOf("p"))).toBe(state);
    const confirmed = reduceDelivery(state, confirmedOf("p", 3n));
    expect(reduceDelivery(confirmed, pendingOf("p"), confirmedOf("p", 3n))).toBe(confirmed);
  });

  it("messages read only from the chain flow through the same way", () => {
    const state = reduceDelivery(createDeliveryState<Shown>(), confirmedOf("h2", 7n), confirmedOf("h1", 6n));
    expect(shown(state)).toEqual(["h1:confirmed", "h2:confirmed"]);
    expect(deliveryView(state)[0]!.viaPubsub).toBe(false);
  });

  it("a reorg that removes a log: the next copy counts; a pubsub message waits again; a chain-only one goes", () => {
    let state = reduceDelivery(createDeliveryState<Shown>({}, 50n), pendingOf("r"), confirmedOf("r", 49n), confirmedOf("r", 51n), confirmedOf("s", 49n, 1));
    state = reduceDelivery(state, { type: "removed", key: keyOf("r"), position: { blockNumber: 49n, logIndex: 0, batchIndex: 0 } });
    expect(state.entries.get(keyOf("r"))!.copies.map((copy) => copy.blockNumber)).toEqual([51n]);
    state = reduceDelivery(state, { type: "removed", key: keyOf("r"), position: { blockNumber: 51n, logIndex: 0, batchIndex: 0 } });
    state = reduceDelivery(state, { type: "removed", key: keyOf("s"), position: { blockNumber: 49n, logIndex: 1, batchIndex: 0 } });
    expect(shown(state)).toEqual(["r:pending"]);
    expect(state.entries.get(keyOf("r"))!.since).toBe(50n);
  });

  it("keeps at most maxPendingPerSender waiting messages per sender", () => {
    let state = createDeliveryState<Shown>({ maxPendingPerSender: 2 });
    state = reduceDelivery(state, pendingOf("1"), pendingOf("2"), pendingOf("3"), pendingOf("4", mallory.address));
    expect(shown(state)).toEqual(["1:pending", "2:pending", "4:pending"]);
    state = reduceDelivery(state, confirmedOf("1", 1n), pendingOf("3"));
    expect(shown(state)).toEqual(["1:confirmed", "2:pending", "4:pending", "3:pending"]);
  });
});
