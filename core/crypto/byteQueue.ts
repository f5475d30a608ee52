/**
 * Internal FIFO of byte pieces for re-chunking streams. Holds references to the pushed pieces
 * (no copy) and copies only when a taken range spans pieces.
 */
export class ByteQueue {
  private pieces: Uint8Array[] = [];
  private offset = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(piece: Uint8Array): void {
    if (piece.length === 0) return;
    this.pieces.push(piece);
    this.size += piece.length;
  }

  /**
   * Removes and returns the first `count` bytes (count ≤ length): a view of a pushed piece when
   * they lie in one, else a copy: into `scratch` when it is long enough (a caller done with the
   * bytes before its next take reuses one buffer), otherwise into a new array.
   */
  take(count: number, scratch?: Uint8Array): Uint8Array {
    const first = this.pieces[0];
    if (first && first.length - this.offset >= count) {
      const out = first.subarray(this.offset, this.offset + count);
      this.advance(count);
      return out;
    }
    const out = scratch && scratch.length >= count ? scratch.subarray(0, count) : new Uint8Array(count);
    let filled = 0;
    while (filled < count) {
      const piece = this.pieces[0]!;
      const part = piece.subarray(this.offset, this.offset + Math.min(count - filled, piece.length - this.offset));
      out.set(part, filled);
      filled += part.length;
      this.advance(part.length);
    }
    return out;
  }

  private advance(count: number): void {
    this.offset += count;
    this.size -= count;
    if (this.offset === this.pieces[0]!.length) {
      this.pieces.shift();
      this.offset = 0;
    }
  }
}
