import { describe, expect, it } from "@jest/globals";
import { createOutbox } from "@cairn/core/session";

/** A promise with its resolve/reject exposed, to hold a delivery or a preparation open. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("createOutbox", () => {
  it("sends the first item alone, then everything queued meanwhile as one batch, in order", async () => {
    const batches: string[][] = [];
    const gate = deferred<void>();
    const outbox = createOutbox<string>({
      deliver: async (batch) => {
        batches.push([...batch]);
        if (batches.length === 1) await gate.promise;
        return batch.map(() => "sent" as const);
      },
    });
    const results = ["a", "b", "c", "d"].map((item) => outbox.enqueue(item));
    expect(outbox.size()).toBe(4);
    gate.resolve();
    const settled = await Promise.all(results);
    expect(batches).toEqual([["a"], ["b", "c", "d"]]);
    expect(settled.map((r) => r.status)).toEqual(["sent", "sent", "sent", "sent"]);
    expect(outbox.size()).toBe(0);
  });

  it("keeps the enqueue order while items are still being prepared, and splits by maxBatch", async () => {
    const batches: number[][] = [];
    const slow = deferred<number>();
    const outbox = createOutbox<number>({ maxBatch: 2, deliver: async (batch) => (batches.push([...batch]), batch.map(() => "sent" as const)) });
    const results = [outbox.enqueue(slow.promise), outbox.enqueue(2), outbox.enqueue(3), outbox.enqueue(4)];
    await Promise.resolve();
    expect(batches).toEqual([]);
    slow.resolve(1);
    await Promise.all(results);
    expect(batches).toEqual([[1, 2], [3, 4]]);
  });

  it("retries failures at the head with growing backoff, then fails them after maxAttempts", async () => {
    const delays: number[] = [];
    const seen: string[][] = [];
    const outbox = createOutbox<string>({
      maxAttempts: 3,
      backoffMs: 100,
      sleep: async (ms) => void delays.push(ms),
      deliver: async (batch) => (seen.push([...batch]), batch.map((item) => (item === "bad" ? "failed" : "sent"))),
    });
    const [bad, good] = await Promise.all([outbox.enqueue("bad"), outbox.enqueue("good")]);
    expect(bad).toEqual({ status: "failed", attempts: 3, error: undefined });
    expect(good).toEqual({ status: "sent", attempts: 1 });
    expect(seen).toEqual([["bad"], ["bad", "good"], ["bad"]]);
    expect(delays).toEqual([100, 200]);
  });

  it("retries a batch whose delivery threw, and reports the error when it gives up", async () => {
    let calls = 0;
    const boom = new Error("rpc down");
    const outbox = createOutbox<string>({
      maxAttempts: 2,
      sleep: async () => undefined,
      deliver: async () => {
        calls += 1;
        throw boom;
      },
    });
    expect(await outbox.enqueue("x")).toEqual({ status: "failed", attempts: 2, error: boom });
    expect(calls).toBe(2);
  });

  it("watches a pending item without using up its attempts, and lets later items go meanwhile", async () => {
    const delays: number[] = [];
    const seen: string[][] = [];
    let rounds = 0;
    const outbox = createOutbox<string>({
      maxAttempts: 2,
      pendingPollMs: 50,
      sleep: async (ms) => void delays.push(ms),
      deliver: async (batch) => {
        seen.push([...batch]);
        rounds += 1;
        return batch.map((item) => (item === "slow" && rounds < 6 ? "pending" : "sent"));
      },
    });
    const [slow, next] = await Promise.all([outbox.enqueue("slow"), outbox.enqueue("next")]);
    expect(slow).toEqual({ status: "sent", attempts: 1 });
    expect(next).toEqual({ status: "sent", attempts: 1 });
    expect(seen[0]).toEqual(["slow"]);
    expect(seen[1]).toEqual(["slow", "next"]);
    expect(seen.slice(2).every((batch) => batch.length === 1 && batch[0] === "slow")).toBe(true);
    expect(delays).toEqual([50, 50, 50, 50, 50]);
  });

  it("fails an item whose preparation rejected without blocking the next one; manual retry re-enqueues", async () => {
    const sent: string[] = [];
    const outbox = createOutbox<string>({ deliver: async (batch) => (sent.push(...batch), batch.map(() => "sent" as const)) });
    const broken = new Error("encrypt failed");
    const [first, second] = await Promise.all([outbox.enqueue(Promise.reject(broken)), outbox.enqueue("next")]);
    expect(first).toEqual({ status: "failed", attempts: 0, error: broken });
    expect(second.status).toBe("sent");
    expect((await outbox.enqueue("again")).status).toBe("sent");
    expect(sent).toEqual(["next", "again"]);
  });
});
