/** JSON that keeps bigints: each is written as `{"$bigint":"<decimal>"}` and read back as a bigint. */
export function stringifyWithBigInt(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? { $bigint: item.toString() } : item));
}

/** Parses what stringifyWithBigInt wrote. */
export function parseWithBigInt<T>(text: string): T {
  return JSON.parse(text, (_key, item: unknown) => {
    if (item !== null && typeof item === "object" && !Array.isArray(item)) {
      const tagged = item as { $bigint?: unknown };
      if (typeof tagged.$bigint === "string" && Object.keys(item).length === 1) return BigInt(tagged.$bigint);
    }
    return item;
  }) as T;
}
