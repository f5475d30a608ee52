/** A map that keeps at most `max` keys, forgetting the least recently touched first. */
export type LruMap<V> = {
  get(key: string): V | undefined;
  /** The key's value (made with `create` when absent), now the most recently touched. */
  touch(key: string, create: () => V): V;
};

export function createLruMap<V>(max: number): LruMap<V> {
  const map = new Map<string, V>();
  return {
    get: (key) => map.get(key),
    touch(key, create) {
      const value = map.get(key) ?? create();
      map.delete(key);
      map.set(key, value);
      if (map.size > max) map.delete(map.keys().next().value!);
      return value;
    },
  };
}
