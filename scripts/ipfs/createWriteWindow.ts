export interface WriteWindow {
  add(write: () => unknown): Promise<void>;
  drain(): Promise<void>;
  settle(): Promise<void>;
}

/**
 * At most `limit` writes in flight: `add` waits for room, `drain` waits for all
 * and rethrows the first failure, `settle` waits for all without throwing.
 */
export function createWriteWindow(limit: number): WriteWindow {
  const inFlight = new Set<Promise<unknown>>();
  let failure: { error: unknown } | undefined;
  return {
    async add(write: () => unknown): Promise<void> {
      if (failure) throw failure.error;
      const pending: Promise<unknown> = Promise.resolve()
        .then(write)
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => inFlight.delete(pending));
      inFlight.add(pending);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    },
    async drain(): Promise<void> {
      await Promise.all(inFlight);
      if (failure) throw failure.error;
    },
    async settle(): Promise<void> {
      await Promise.all(inFlight);
    },
  };
}
