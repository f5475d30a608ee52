/**
 * What the composer holds before sending, per account and channel, in this tab's memory only:
 * the text (plaintext never goes to storage) and the picked files. File objects cannot go to
 * storage at all (they are handles to the user's disk, not serialisable), so picked files live
 * as long as the tab, like the text.
 */
const drafts = new Map<string, string>();
const draftFiles = new Map<string, readonly File[]>();

export function readDraft(key: string): string {
  return drafts.get(key) ?? "";
}

export function saveDraft(key: string, text: string): void {
  if (text) drafts.set(key, text);
  else drafts.delete(key);
}

export function readDraftFiles(key: string): readonly File[] {
  return draftFiles.get(key) ?? [];
}

export function saveDraftFiles(key: string, files: readonly File[]): void {
  if (files.length > 0) draftFiles.set(key, files);
  else draftFiles.delete(key);
}
