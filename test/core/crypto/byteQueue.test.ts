import { describe, expect, it } from "@jest/globals";
import { ByteQueue } from "../../../core/crypto/byteQueue.js";

const bytes = (from: number, length: number) => Uint8Array.from({ length }, (_, i) => from + i);

describe("ByteQueue", () => {
  it("returns a view when the range lies in one piece, even with a scratch buffer", () => {
    const piece = bytes(0, 10);
    const queue = new ByteQueue();
    queue.push(piece);
    const out = queue.take(4, new Uint8Array(8));
    expect(out.buffer).toBe(piece.buffer);
    expect([...out]).toEqual([0, 1, 2, 3]);
    expect(queue.length).toBe(6);
  });

  it("copies a range spanning pieces into the scratch buffer, which the next take may reuse", () => {
    const queue = new ByteQueue();
    for (const [from, length] of [[0, 3], [3, 3], [6, 3], [9, 3]] as const) queue.push(bytes(from, length));
    const scratch = new Uint8Array(5);
    const first = queue.take(5, scratch);
    expect(first.buffer).toBe(scratch.buffer);
    expect([...first]).toEqual([0, 1, 2, 3, 4]);
    const second = queue.take(5, scratch);
    expect(second.buffer).toBe(scratch.buffer);
    expect([...second]).toEqual([5, 6, 7, 8, 9]);
    expect(queue.length).toBe(2);
  });

  it("copies into a new array when the scratch buffer is too short or absent", () => {
    const queue = new ByteQueue();
    queue.push(bytes(0, 3));
    queue.push(bytes(3, 3));
    queue.push(bytes(6, 3));
    const scratch = new Uint8Array(2);
    const long = queue.take(4, scratch);
    expect(long.buffer).not.toBe(scratch.buffer);
    expect([...long]).toEqual([0, 1, 2, 3]);
    expect([...queue.take(5)]).toEqual([4, 5, 6, 7, 8]);
    expect(queue.length).toBe(0);
  });
});
