/**
 * A value outside any UI framework with the subscribe / getSnapshot contract of React's
 * useSyncExternalStore: `getSnapshot` returns the same value until it changes, `set` replaces it
 * (a function gets the current value) and tells every subscriber when it differs. State kept
 * elsewhere (e.g. localStorage) uses `notify` after changing it.
 */
export interface ExternalStore<T> {
  getSnapshot(): T;
  set(next: T | ((current: T) => T)): void;
  subscribe(listener: () => void): () => void;
  /** Tells the subscribers that what they read changed, outside `set`. */
  notify(): void;
}

export function createExternalStore<T>(initial: T): ExternalStore<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  return {
    getSnapshot: () => value,
    set(next) {
      const updated = typeof next === "function" ? (next as (current: T) => T)(value) : next;
      if (Object.is(updated, value)) return;
      value = updated;
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    notify,
  };
}
