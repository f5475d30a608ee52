import type { ExternalStore } from "@cairn/core/createExternalStore";

/**
 * Subscribes `listener` to a localStorage-backed value: saves in this tab (`store.notify`) and, through
 * the `storage` event, saves in other tabs to the keys `matches` accepts (`onOtherTab` runs first,
 * e.g. to drop a cached read of that key). Returns unsubscribe.
 */
export function subscribeStored(
  store: Pick<ExternalStore<unknown>, "subscribe">,
  matches: (key: string) => boolean,
  listener: () => void,
  onOtherTab?: (key: string) => void,
): () => void {
  const unsubscribe = store.subscribe(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || !matches(event.key)) return;
    onOtherTab?.(event.key);
    listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    unsubscribe();
    window.removeEventListener("storage", onStorage);
  };
}
