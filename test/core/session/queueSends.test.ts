import { describe, expect, it } from "@jest/globals";
import { TransactionRejectedError } from "@cairn/core/chain";
import type { ChannelService, OutgoingMessage, SendInput } from "@cairn/core/channel";
import { queueSends } from "@cairn/core/session";

/**
 * A channel service reduced to what queueSends calls: `prepare` makes a message, `retry`
 * records each delivered batch (the texts, in order) and confirms it, or fails it with `fail`.
 */
function channel(fail: (attempt: number) => Error | "pending" | undefined = () => undefined) {
  const batches: string[][] = [];
  const direct: string[] = [];
  const service = {
    channelId: 1n,
    async prepare(input: SendInput) {
      const text = typeof input === "string" ? input : (input.text ?? "");
      return { id: text, status: "prepared", unpinnedFiles: [] } as unknown as OutgoingMessage;
    },
    async retry(messages: OutgoingMessage | readonly OutgoingMessage[], options: { onStatus?: (m: OutgoingMessage) => void } = {}) {
      const list = messages as readonly OutgoingMessage[];
      batches.push(list.map((message) => message.id));
      const outcome = fail(batches.length);
      for (const message of list) {
        message.status = outcome === "pending" ? "pending" : outcome ? "failed" : "confirmed";
        message.error = outcome instanceof Error ? outcome : undefined;
        options.onStatus?.(message);
      }
      return list;
    },
    async send(input: SendInput) {
      direct.push(typeof input === "string" ? input : "files");
      return { id: "files", status: "confirmed", unpinnedFiles: [] } as unknown as OutgoingMessage;
    },
  } as unknown as ChannelService;
  return { service, batches, direct };
}

describe("queueSends", () => {
  it("posts the first message alone and the ones sent meanwhile as one batch, in order", async () => {
    const { service, batches } = channel();
    const queued = queueSends(service);
    const statuses: string[] = [];
    const sent = await Promise.all(["1", "2", "3", "4", "5"].map((text) => queued.send(text, { onStatus: (m) => statuses.push(`${m.id}:${m.status}`) })));
    expect(sent.map((m) => m.status)).toEqual(Array(5).fill("confirmed"));
    expect(batches.flat()).toEqual(["1", "2", "3", "4", "5"]);
    expect(batches.length).toBeLessThan(5);
    expect(statuses.filter((s) => s.endsWith("confirmed"))).toHaveLength(5);
  });

  it("retries transient failures with backoff, but never a send the user refused", async () => {
    const flaky = channel((attempt) => (attempt === 1 ? new Error("rpc down") : undefined));
    const first = await queueSends(flaky.service, { backoffMs: 1 }).send("a");
    expect(first.status).toBe("confirmed");
    expect(flaky.batches).toEqual([["a"], ["a"]]);

    const refused = channel(() => new TransactionRejectedError());
    const message = await queueSends(refused.service, { backoffMs: 1 }).send("b");
    expect(message.status).toBe("failed");
    expect(message.error).toBeInstanceOf(TransactionRejectedError);
    expect(refused.batches).toEqual([["b"]]);
  });

  it("gives up after the bound; retry() queues the same message again", async () => {
    let down = true;
    const { service, batches } = channel(() => (down ? new Error("rpc down") : undefined));
    const queued = queueSends(service, { backoffMs: 1, maxAttempts: 3 });
    const message = await queued.send("c");
    expect(message.status).toBe("failed");
    expect(batches).toHaveLength(3);
    down = false;
    const [again] = await queued.retry(message);
    expect(again).toBe(message);
    expect(again.status).toBe("confirmed");
  });

  it("keeps delivering a pending message (which checks the chain) until it is confirmed, never failing it", async () => {
    const { service, batches } = channel((attempt) => (attempt <= 6 ? "pending" : undefined));
    const statuses: string[] = [];
    const message = await queueSends(service, { maxAttempts: 2, pendingPollMs: 1 }).send("slow", { onStatus: (m) => statuses.push(m.status) });
    expect(message.status).toBe("confirmed");
    expect(batches).toHaveLength(7);
    expect(statuses).toEqual([...Array(6).fill("pending"), "confirmed"]);
  });

  it("joins a message already in the outbox instead of queueing it twice", async () => {
    const { service, batches } = channel((attempt) => (attempt <= 2 ? "pending" : undefined));
    const queued = queueSends(service, { pendingPollMs: 5 });
    let message: OutgoingMessage | undefined;
    const sending = queued.send("once", { onStatus: (m) => (message = m) });
    while (!message) await new Promise((resolve) => setTimeout(resolve, 1));
    const [again] = await queued.retry(message);
    expect(again).toBe(await sending);
    expect(batches.every((batch) => batch.length === 1)).toBe(true);
    expect(batches).toHaveLength(3);
  });

  it("never posts a message cancelled while queued, and leaves files to the service", async () => {
    const { service, batches, direct } = channel();
    const queued = queueSends(service);
    const controller = new AbortController();
    const first = queued.send("kept");
    const second = queued.send("cancelled", { signal: controller.signal });
    controller.abort();
    await Promise.all([first, second]);
    expect(batches.flat()).toEqual(["kept"]);
    await queued.send({ files: [{ name: "a.txt", content: [new Uint8Array(1)] }] });
    expect(direct).toEqual(["files"]);
  });
});
