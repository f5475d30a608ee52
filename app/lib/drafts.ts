/** Unsent composer text per account and channel, in this tab's memory only (plaintext never goes to storage). */
const drafts = new Map<string, string>();

export function readDraft(key: string): string {
  return drafts.get(key) ?? "";
}

export function saveDraft(key: string, text: string): void {
  if (text) drafts.set(key, text);
  else drafts.delete(key);
}
