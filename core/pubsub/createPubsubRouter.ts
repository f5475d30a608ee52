import type { GossipSub } from "@libp2p/gossipsub";
import type { DropCounter } from "./createDropCounter.js";
import { createFloodGuard, PENDING_MESSAGE_BUDGET } from "./createFloodGuard.js";
import { dropped, gossipAcceptance, type Verdict } from "./dropReasons.js";
import { CAIRN_TOPIC_SCORE_PARAMS } from "./gossipsubSettings.js";

/**
 * Checks one message of a topic (with the bytes and the peer it came from) and acts on it (a
 * member renders it); the verdict is what gossipsub is told. Throwing means "cannot tell now" (an
 * RPC outage): the message is ignored, nobody penalised.
 */
export type PubsubHandler = (data: Uint8Array, from: string) => Promise<Verdict<unknown>>;

/** What a Cairn node does with pubsub: publish on a topic, and join topics with a handler that validates what arrives. */
export type PubsubRouter = {
  /** Publishes on a topic (joined or not); resolves with the number of peers it went to. */
  publish(topic: string, data: Uint8Array): Promise<number>;
  /** Subscribes with `handler` (several handlers per topic are fine); returns a function that leaves. */
  join(topic: string, handler: PubsubHandler): () => void;
  /** Peers known to be subscribed to the topic. */
  subscribers(topic: string): string[];
  /** The topics this node is subscribed to. */
  topics(): string[];
  /** Drops per reason, per peer, per signer (it also feeds the peers' scores). */
  drops: DropCounter;
  /** The gossipsub service underneath. */
  gossipsub: GossipSub;
};

/** The parts of gossipsub's class the router uses beyond its public interface. */
type GossipsubInternals = GossipSub & {
  reportMessageValidationResult(msgId: string, propagationSource: string, acceptance: string): void;
  score: { params: { topics: Record<string, unknown> } };
};

export type PubsubRouterOptions = {
  /** Peers exempt from the per-peer flood guard: the node's pinning nodes, which relay everybody's messages. */
  trusted?: Iterable<string>;
};

/**
 * Routes gossipsub's validated-before-forwarding messages (`asyncValidation`, PROTOCOL.md §16.7)
 * to the handlers of their topic: each `gossipsub:message` is checked by every handler of its
 * topic, gossipsub is told accept / reject / ignore within its window, and every drop is counted
 * against the peer it came from. A peer past its budget on a topic (PENDING_MESSAGE_BUDGET) is
 * `rate-limited` before any check runs. Joined topics get Cairn's topic score parameters (kept
 * after leaving: gossipsub's per-peer topic stats outlive the subscription).
 */
export function createPubsubRouter(service: GossipSub, drops: DropCounter, options: PubsubRouterOptions = {}): PubsubRouter {
  const gossip = service as GossipsubInternals;
  const trusted = new Set(options.trusted);
  const guard = createFloodGuard(PENDING_MESSAGE_BUDGET);
  const handlers = new Map<string, Set<PubsubHandler>>();

  async function validate(topic: string, data: Uint8Array, from: string): Promise<Verdict<unknown> | undefined> {
    const list = [...(handlers.get(topic) ?? [])];
    if (list.length === 0) return undefined;
    if (!trusted.has(from) && !guard.take(`${from} ${topic}`)) return dropped("rate-limited");
    try {
      const verdicts = await Promise.all(list.map((handler) => handler(data, from)));
      return verdicts.find((verdict) => !verdict.ok) ?? verdicts[0];
    } catch {
      return undefined;
    }
  }

  gossip.addEventListener("gossipsub:message", (event) => {
    const { msg, msgId, propagationSource } = event.detail;
    const from = propagationSource.toString();
    void validate(msg.topic, msg.data, from).then((verdict) => {
      if (verdict && !verdict.ok) drops.record(verdict.drop, from);
      try {
        gossip.reportMessageValidationResult(msgId, from, verdict ? gossipAcceptance(verdict) : "ignore");
      } catch {
        // The message left gossipsub's cache meanwhile (or the node stopped): nothing to forward.
      }
    });
  });

  return {
    async publish(topic, data) {
      const result = await gossip.publish(topic, data);
      return result.recipients.length;
    },
    join(topic, handler) {
      let set = handlers.get(topic);
      if (!set) {
        handlers.set(topic, (set = new Set()));
        gossip.score.params.topics[topic] = CAIRN_TOPIC_SCORE_PARAMS;
        gossip.subscribe(topic);
      }
      set.add(handler);
      return () => {
        if (!set.delete(handler) || set.size > 0 || handlers.get(topic) !== set) return;
        handlers.delete(topic);
        gossip.unsubscribe(topic);
        // The topic's score parameters stay: gossipsub keeps per-peer stats of a scored topic and
        // reads its parameters for a message still being validated (deleting them crashed the node).
      };
    },
    subscribers: (topic) => gossip.getSubscribers(topic).map(String),
    topics: () => gossip.getTopics(),
    drops,
    gossipsub: service,
  };
}
