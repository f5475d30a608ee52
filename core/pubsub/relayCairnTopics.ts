import { isCairnTopic } from "./channelTopic.js";
import type { PubsubRouter } from "./createPubsubRouter.js";
import { relayVerdict, type RelayOptions } from "./relayVerdict.js";

/**
 * Makes a node a relay for Cairn topics (PROTOCOL.md §16.1, §16.7): gossipsub delivers messages
 * only on subscribed topics, so the node subscribes to every topic of the form `cairn/1/<hex>`
 * that one of its peers subscribes to (checking what passes with relayVerdict), and leaves it
 * when no peer is subscribed any more. Returns a function that stops following.
 */
export function relayCairnTopics(router: PubsubRouter, options: RelayOptions = {}): () => void {
  const joined = new Map<string, () => void>();
  const handler = async (data: Uint8Array) => relayVerdict(data, options);
  const onChange = (event: CustomEvent<{ subscriptions: { topic: string; subscribe: boolean }[] }>) => {
    for (const { topic, subscribe } of event.detail.subscriptions) {
      if (!isCairnTopic(topic)) continue;
      if (subscribe && !joined.has(topic)) joined.set(topic, router.join(topic, handler));
      if (!subscribe && router.subscribers(topic).length === 0) {
        joined.get(topic)?.();
        joined.delete(topic);
      }
    }
  };
  router.gossipsub.addEventListener("subscription-change", onChange);
  return () => {
    router.gossipsub.removeEventListener("subscription-change", onChange);
    for (const leave of joined.values()) leave();
    joined.clear();
  };
}
