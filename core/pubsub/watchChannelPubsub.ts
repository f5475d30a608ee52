import type { Address } from "viem";
import type { DeploymentContext } from "../crypto/types.js";
import { channelTopic, type TopicContext } from "./channelTopic.js";
import type { ChainChecks } from "./createChainChecks.js";
import type { PubsubRouter } from "./createPubsubRouter.js";
import { decodeDropReason } from "./checkPendingMessage.js";
import { dropped, type Verdict } from "./dropReasons.js";
import { openPresence, sealPresence, type PresenceBeat, type PresenceSigner } from "./presence.js";
import { heartbeatDelay, typingBeatDue } from "./reducePresence.js";
import { markDelivery } from "./markDelivery.js";
import { pubsubKind } from "./pubsubKind.js";
import { verifyPendingMessage, type PendingMessage } from "./verifyPendingMessage.js";
import type { PresenceState } from "./constants.js";
import { DEFAULT_CONFIRM_BLOCKS } from "./constants.js";

export type ChannelPubsubParameters = DeploymentContext & {
  router: PubsubRouter;
  channelId: bigint;
  /** This member's wallet (its presence beats' sender). */
  account: Address;
  checks: ChainChecks;
  /** The channel's current epoch and its key, or undefined while this account lacks it (then it reads the chain only). */
  currentEpoch(): Promise<{ epoch: number; key: Uint8Array } | undefined>;
  /** Whether a message (messageKey) is already pending or confirmed at the reader. */
  isKnown(key: string): boolean;
  /** A pending message verified end to end and decrypted (render it as pending). */
  onPending(message: PendingMessage): void;
  /** A presence beat of another member, opened and checked (reducePresence it). */
  onPresence?(beat: PresenceBeat, receivedAtMs: number): void;
  /**
   * Send presence beats (heartbeats, typing); absent: send nothing. `sessionKey` is asked at each
   * beat: the wallet's authorised session key signs it (so no other member can pass a beat off as
   * this one's); none, and the beat goes out unsigned.
   */
  presence?: { sessionKey?: () => PresenceSigner | undefined };
  /** How long the previous epoch's topic is kept after a rotation (default 10 blocks of 12 s). */
  leaveDelayMs?: number;
};

export type ChannelPubsub = {
  /** Reads the current epoch again and moves to its topic (call when new keys are found). */
  refresh(): Promise<void>;
  /** A keystroke: a typing beat, at most one per TYPING_INTERVAL_MS. */
  typing(): void;
  /** Typing stopped (message sent, draft cleared): an online beat. */
  idle(): void;
  /** The topic of the current epoch, once known. */
  topic(): string | undefined;
  /** Leaves the topics (with an offline beat when presence is on). */
  stop(): Promise<void>;
};

/**
 * A member's pubsub for one channel (PROTOCOL.md §16): subscribes to the topic of the channel's
 * current epoch, verifies every pending message and presence beat that arrives (verifyPendingMessage,
 * openPresence against the reader's own chain state), hands on only what passed, and sends presence
 * beats when asked to (an online beat on joining and every 20–30 s, throttled typing beats, an
 * offline beat on stop). When the epoch changes it joins the new topic and leaves the previous one
 * after `leaveDelayMs`.
 */
export function watchChannelPubsub(parameters: ChannelPubsubParameters): ChannelPubsub {
  const { router, channelId, account, checks, presence, leaveDelayMs = DEFAULT_CONFIRM_BLOCKS * 12_000 } = parameters;
  let current: { topic: string; context: TopicContext; leave: () => void } | undefined;
  let heartbeat: ReturnType<typeof setTimeout> | undefined;
  /** Topics of earlier epochs, left after leaveDelayMs (or on stop). */
  const leaving = new Map<ReturnType<typeof setTimeout>, () => void>();
  let lastTypingMs: number | undefined;
  let stopped = false;

  async function handle(context: TopicContext, data: Uint8Array): Promise<Verdict<unknown>> {
    let kind;
    try {
      kind = pubsubKind(data);
    } catch (cause) {
      return dropped(decodeDropReason(cause), { cause });
    }
    if (kind === "presence") {
      const beat = await openPresence(data, context, checks);
      if (beat.ok) parameters.onPresence?.(beat.value, Date.now());
      return beat;
    }
    markDelivery("receive-arrived");
    const message = await verifyPendingMessage(data, context, { ...checks, isKnown: parameters.isKnown });
    if (message.ok) {
      markDelivery("receive-verified");
      parameters.onPending(message.value);
    }
    return message;
  }

  /** Beats go out one after another, in the order asked for: a typing beat never overtakes the
   *  online beat before it, nor an offline beat the typing beat (which would show a member online again). */
  let beats: Promise<void> = Promise.resolve();
  /** Receivers drop a beat not newer than the last one (a replay): two beats in one millisecond get distinct timestamps. */
  let lastBeatMs = 0;
  function beat(state: PresenceState): Promise<void> {
    if (!presence || !current) return beats;
    const { topic, context } = current;
    const sessionKey = presence.sessionKey?.();
    beats = beats.then(async () => {
      lastBeatMs = Math.max(Date.now(), lastBeatMs + 1);
      const bytes = await sealPresence({ ...context, sender: account, state, sessionKey, timestamp: lastBeatMs });
      await router.publish(topic, bytes);
    }).catch(() => undefined);
    return beats;
  }

  function scheduleHeartbeat() {
    clearTimeout(heartbeat);
    if (!presence || stopped) return;
    heartbeat = setTimeout(() => {
      void beat("online");
      scheduleHeartbeat();
    }, heartbeatDelay());
  }

  async function refresh() {
    const epoch = await parameters.currentEpoch();
    if (stopped || !epoch) return;
    const context: TopicContext = { chainId: parameters.chainId, registry: parameters.registry, channelId, epoch: epoch.epoch, key: epoch.key };
    const topic = channelTopic(context);
    if (current?.topic === topic) return;
    const previous = current;
    current = { topic, context, leave: router.join(topic, (data) => handle(context, data)) };
    if (previous) {
      const timer = setTimeout(() => {
        leaving.delete(timer);
        previous.leave();
      }, leaveDelayMs);
      leaving.set(timer, previous.leave);
    }
    void beat("online");
    scheduleHeartbeat();
  }

  return {
    refresh,
    typing() {
      const now = Date.now();
      if (!typingBeatDue(lastTypingMs, now)) return;
      lastTypingMs = now;
      void beat("typing");
    },
    idle() {
      if (lastTypingMs === undefined) return;
      lastTypingMs = undefined;
      void beat("online");
    },
    topic: () => current?.topic,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(heartbeat);
      await beat("offline");
      for (const [timer, leave] of leaving) {
        clearTimeout(timer);
        leave();
      }
      current?.leave();
    },
  };
}
