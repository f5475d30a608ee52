import { ContractRevertedError, TransactionRejectedError } from "../chain/index.js";
import type { ChannelService, DeliverOptions, OutgoingMessage, SendInput } from "../channel/index.js";
import { createOutbox, type OutboxOptions, type OutboxOutcome } from "./createOutbox.js";

export type QueueSendsOptions = Omit<OutboxOptions<OutgoingMessage>, "deliver" | "retryable">;

const hasFiles = (input: SendInput) => typeof input !== "string" && (input.files?.length ?? 0) > 0;

/** Worth another automatic attempt: not refused by the user, not refused by the contract. */
const transient = (message: OutgoingMessage) => !(message.error instanceof TransactionRejectedError || message.error instanceof ContractRevertedError);

/**
 * The channel service with its text messages going through an ordered outbox (createOutbox):
 * one post in flight; messages sent meanwhile go out together as the next postBatch(As), in the
 * order they were sent; transient failures retry with backoff and end `failed` after the bound
 * (`retry` queues them again); a `pending` message (sent, not mined yet) is delivered again
 * every few seconds, which checks the chain first, until it is confirmed; a message whose
 * `signal` aborted while queued is never posted.
 * Messages with files keep the service's own path (their uploads
 * report progress and can be cancelled).
 */
export function queueSends(service: ChannelService, options: QueueSendsOptions = {}): ChannelService {
  const listeners = new Map<OutgoingMessage, DeliverOptions>();
  const cancelled = (message: OutgoingMessage) => listeners.get(message)?.signal?.aborted === true;
  const outbox = createOutbox<OutgoingMessage>({
    ...options,
    retryable: (message) => transient(message) && !cancelled(message),
    deliver: async (batch) => {
      const live = batch.filter((message) => !cancelled(message));
      if (live.length > 0) await service.retry(live, { onStatus: (message) => listeners.get(message)?.onStatus?.(message) });
      return batch.map((message): OutboxOutcome => {
        if (!live.includes(message)) return "failed";
        return message.status === "confirmed" ? "sent" : message.status === "pending" ? "pending" : "failed";
      });
    },
  });

  /** Messages in the outbox: retrying one of them joins its place instead of queueing it twice. */
  const inOutbox = new Map<OutgoingMessage, Promise<OutgoingMessage>>();
  const queued = async (message: Promise<OutgoingMessage>, deliverOptions: DeliverOptions) => {
    const tracked = message.then((prepared) => (listeners.set(prepared, deliverOptions), prepared));
    const done = outbox.enqueue(tracked).then(() => tracked);
    tracked.then((prepared) => inOutbox.set(prepared, done), () => undefined);
    const settled = await done;
    listeners.delete(settled);
    inOutbox.delete(settled);
    return settled;
  };

  return {
    ...service,
    send(input, sendOptions = {}) {
      return hasFiles(input) ? service.send(input, sendOptions) : queued(service.prepare(input, sendOptions), sendOptions);
    },
    sendBatch(inputs, sendOptions = {}) {
      if (inputs.some(hasFiles)) return service.sendBatch(inputs, sendOptions);
      return Promise.all(inputs.map((input) => queued(service.prepare(input, sendOptions), sendOptions)));
    },
    retry(messages, deliverOptions = {}) {
      const list: readonly OutgoingMessage[] = Array.isArray(messages) ? messages : [messages as OutgoingMessage];
      if (list.some((message) => message.unpinnedFiles.length > 0)) return service.retry(list, deliverOptions);
      return Promise.all(list.map((message) => inOutbox.get(message) ?? queued(Promise.resolve(message), deliverOptions)));
    },
  };
}
