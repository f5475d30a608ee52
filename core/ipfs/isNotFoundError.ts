/** True for the "not found" errors of interface-store blockstores (any version) and of an offline Helia blockstore. */
export function isNotFoundError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === "NotFoundError" || name === "BlockNotFoundWhileOfflineError" || code === "ERR_NOT_FOUND";
}
