/**
 * A File's bytes as a stream of chunks (`file.stream()`), never read whole: memory stays
 * bounded whatever the size. Stops reading when the consumer stops.
 */
export async function* fileChunks(file: Blob): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
