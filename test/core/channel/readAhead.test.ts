import { describe, expect, it } from "@jest/globals";
import { readAhead } from "../../../core/channel/readAhead.js";

/** A source that records how many items it has produced, and whether it was closed. */
function counted(total: number, failAt = -1) {
  const state = { produced: 0, closed: false };
  async function* source(): AsyncGenerator<number> {
    try {
      for (let i = 0; i < total; i++) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (i === failAt) throw new Error(`boom at ${i}`);
        state.produced++;
        yield i;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, source: source() };
}

describe("readAhead", () => {
  it("keeps order and reads at most `depth` items ahead of the consumer", async () => {
    const { state, source } = counted(20);
    const seen: number[] = [];
    for await (const item of readAhead(source, 3)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(state.produced - (item + 1)).toBeLessThanOrEqual(3);
      seen.push(item);
    }
    expect(seen).toEqual([...Array(20).keys()]);
  });

  it("produces ahead while the consumer works", async () => {
    const { state, source } = counted(10);
    const ahead = readAhead(source, 2);
    await ahead.next();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(state.produced).toBe(3);
    await ahead.return(undefined);
  });

  it("surfaces a source error at its place in the order", async () => {
    const { source } = counted(10, 4);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(source, 3)) seen.push(item);
      })(),
    ).rejects.toThrow("boom at 4");
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it("closes the source when the consumer stops early", async () => {
    const { state, source } = counted(100);
    for await (const item of readAhead(source, 2)) if (item === 5) break;
    expect(state.closed).toBe(true);
    expect(state.produced).toBeLessThanOrEqual(8);
  });
});
