import { describe, expect, it } from "@jest/globals";
import {
  CAIRN_GOSSIPSUB_OPTIONS,
  CAIRN_PEER_SCORE_THRESHOLDS,
  CAIRN_TOPIC_SCORE_PARAMS,
  cairnPeerScoreParams,
  createDropCounter,
  createFloodGuard,
  verifyPendingMessage,
  type PeerScoreParams,
} from "@cairn/core";
import { alice, chainView, mallory, pending, sealed, topic } from "../../../testkit/pendingMessageFixtures.js";

/** gossipsub's score of a peer from its topic counters (compute-score.ts of @libp2p/gossipsub 17, P1, P2, P4, P5; P3 is off). */
function gossipsubScore(params: PeerScoreParams, peer: string, topicStats: { meshSeconds: number; firstDeliveries: number; invalid: number }) {
  const t = CAIRN_TOPIC_SCORE_PARAMS;
  const p1 = Math.min((topicStats.meshSeconds * 1000) / t.timeInMeshQuantum, t.timeInMeshCap) * t.timeInMeshWeight;
  const p2 = Math.min(topicStats.firstDeliveries, t.firstMessageDeliveriesCap) * t.firstMessageDeliveriesWeight;
  const p4 = topicStats.invalid * topicStats.invalid * t.invalidMessageDeliveriesWeight;
  const topics = Math.min((p1 + p2 + p4) * t.topicWeight, params.topicScoreCap);
  return topics + params.appSpecificScore(peer) * params.appSpecificWeight;
}

describe("drop counter", () => {
  it("counts every drop per reason, per peer and per signer, the way a receiver records its verdicts", async () => {
    const counter = createDropCounter();
    const view = chainView();
    const message = await sealed(alice.address, "hi");
    for (const [peer, bytes] of [
      ["peer-a", await pending(mallory, message)],
      ["peer-a", Uint8Array.of(1, 1, 0)],
      ["peer-b", await pending(mallory, message)],
    ] as const) {
      const verdict = await verifyPendingMessage(bytes, topic, view.checks);
      if (!verdict.ok) counter.record(verdict.drop, peer);
    }
    expect(counter.totals()).toEqual({ "not-member": 2, malformed: 1 });
    expect(counter.peerTotals("peer-a")).toEqual({ "not-member": 1, malformed: 1 });
    expect(counter.signerTotals(mallory.address)).toEqual({ "not-member": 2 });
    expect(counter.peerTotals("nobody")).toEqual({});
  });

  it("turns penalised drops into a negative application score that halves every half-life, never for a trusted relay", () => {
    let now = 0;
    const counter = createDropCounter({ halfLifeMs: 1_000, trusted: ["pinning-node"], now: () => now });
    for (let i = 0; i < 4; i++) {
      counter.record({ reason: "not-member" }, "flooder");
      counter.record({ reason: "not-member" }, "pinning-node");
      counter.record({ reason: "duplicate" }, "honest");
    }
    expect(counter.penalty("flooder")).toBe(4);
    expect(counter.appSpecificScore("flooder")).toBe(-4);
    expect(counter.appSpecificScore("pinning-node")).toBe(0);
    expect(counter.appSpecificScore("honest")).toBe(-0);
    now = 2_000;
    expect(counter.penalty("flooder")).toBeCloseTo(1);
  });

  it("forgets the least recently seen peers beyond its bound", () => {
    const counter = createDropCounter({ maxTracked: 2, now: () => 0 });
    for (const peer of ["a", "b", "c"]) counter.record({ reason: "not-member" }, peer);
    expect(counter.penalty("a")).toBe(0);
    expect(counter.penalty("c")).toBe(1);
  });
});

describe("flood guard", () => {
  it("lets a burst through, then the refill rate, per key", () => {
    let now = 0;
    const guard = createFloodGuard({ burst: 3, perSecond: 2 }, { now: () => now });
    expect([1, 2, 3, 4].map(() => guard.take("flooder"))).toEqual([true, true, true, false]);
    expect(guard.take("someone else")).toBe(true);
    now = 500;
    expect([guard.take("flooder"), guard.take("flooder")]).toEqual([true, false]);
  });
});

describe("gossipsub settings", () => {
  const params = cairnPeerScoreParams({ appSpecificScore: createDropCounter().appSpecificScore, topics: ["cairn/1/00"] });

  it("pass gossipsub's own validation rules", () => {
    const t = CAIRN_TOPIC_SCORE_PARAMS;
    expect(t.topicWeight).toBeGreaterThanOrEqual(0);
    expect(t.timeInMeshQuantum).toBeGreaterThan(0);
    expect(t.invalidMessageDeliveriesWeight).toBeLessThan(0);
    for (const decay of [t.firstMessageDeliveriesDecay, t.invalidMessageDeliveriesDecay, t.meshMessageDeliveriesDecay, t.meshFailurePenaltyDecay, params.behaviourPenaltyDecay])
      expect(decay > 0 && decay < 1).toBe(true);
    expect(t.meshMessageDeliveriesWeight).toBe(0);
    expect(params.decayInterval).toBeGreaterThanOrEqual(1000);
    expect(params.decayToZero > 0 && params.decayToZero < 1).toBe(true);
    expect(params.IPColocationFactorWeight).toBeLessThanOrEqual(0);
    const { gossipThreshold, publishThreshold, graylistThreshold } = CAIRN_PEER_SCORE_THRESHOLDS;
    expect(graylistThreshold <= publishThreshold && publishThreshold <= gossipThreshold && gossipThreshold <= 0).toBe(true);
    expect(params.topics["cairn/1/00"]).toBe(CAIRN_TOPIC_SCORE_PARAMS);
    expect(CAIRN_GOSSIPSUB_OPTIONS).toMatchObject({ globalSignaturePolicy: "StrictNoSign", asyncValidation: true });
  });

  it("one invalid message stops gossip with a peer and two graylist it, however long it behaved", () => {
    const veteran = { meshSeconds: 10 * 3600, firstDeliveries: 100 };
    const { gossipThreshold, graylistThreshold } = CAIRN_PEER_SCORE_THRESHOLDS;
    expect(gossipsubScore(params, "veteran", { ...veteran, invalid: 0 })).toBe(0);
    expect(gossipsubScore(params, "veteran", { ...veteran, invalid: 1 })).toBeLessThan(gossipThreshold);
    expect(gossipsubScore(params, "veteran", { ...veteran, invalid: 2 })).toBeLessThan(graylistThreshold);
  });

  it("a peer that keeps forwarding penalised drops is graylisted through the application score", () => {
    const counter = createDropCounter({ now: () => 0 });
    const scored = cairnPeerScoreParams({ appSpecificScore: counter.appSpecificScore });
    for (let i = 0; i < 81; i++) counter.record({ reason: "not-member" }, "flooder");
    expect(gossipsubScore(scored, "flooder", { meshSeconds: 3600, firstDeliveries: 10, invalid: 0 })).toBeLessThan(CAIRN_PEER_SCORE_THRESHOLDS.graylistThreshold);
  });
});
