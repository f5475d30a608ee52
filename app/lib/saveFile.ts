/** Where a download's plaintext goes, chunk by chunk. */
export interface FileSink {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

type SavePicker = (options: { suggestedName?: string }) => Promise<{
  createWritable(): Promise<{ write(data: Uint8Array): Promise<void>; close(): Promise<void>; abort(): Promise<void> }>;
}>;

/**
 * Opens a place to save a file under `name`: the File System Access API's save dialog when the
 * browser has one (streams to disk, any size), else the bytes are collected in a Blob (the
 * browser may page it to disk) and handed over as a download of a `blob:` URL on `close`.
 * Call it first thing in a click handler: the save dialog needs the user's gesture. Rejects
 * with an `AbortError` DOMException when the user dismisses the dialog.
 */
export async function openFileSink(name: string, type: string): Promise<FileSink> {
  const picker = (globalThis as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
  if (picker) {
    const writable = await (await picker({ suggestedName: name })).createWritable();
    return {
      write: (chunk) => writable.write(chunk),
      close: () => writable.close(),
      abort: () => writable.abort(),
    };
  }
  const parts: Uint8Array<ArrayBuffer>[] = [];
  return {
    async write(chunk) {
      parts.push(chunk as Uint8Array<ArrayBuffer>);
    },
    async close() {
      const url = URL.createObjectURL(new Blob(parts, { type: type || "application/octet-stream" }));
      parts.length = 0;
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      link.rel = "noopener";
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    async abort() {
      parts.length = 0;
    },
  };
}
