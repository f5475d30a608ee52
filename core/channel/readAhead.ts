/**
 * Pulls up to `depth` items of `source` ahead of the consumer, so a producer (e.g. WebCrypto
 * encrypting the next chunk) runs while the consumer handles the current one (hashing and
 * storing it). Memory stays within `depth` extra items; errors surface in order.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, depth: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const queue: Promise<IteratorResult<T>>[] = [];
  let finished = false;
  const fill = () => {
    while (!finished && queue.length < depth) {
      const next = iterator.next();
      next.then(
        (result) => {
          if (result.done) finished = true;
        },
        () => {
          finished = true;
        },
      );
      queue.push(next);
    }
  };
  try {
    for (;;) {
      fill();
      const next = queue.shift()!;
      fill();
      const result = await next;
      if (result.done) return;
      yield result.value;
    }
  } finally {
    if (queue.length > 0) await iterator.return?.();
  }
}
