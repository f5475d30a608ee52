import { openStreamDownload, prepareStreamDownloads, type DownloadFile } from "./streamDownload";

/** Where a download's plaintext goes, chunk by chunk. */
export interface FileSink {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Discards the file; a download the browser already shows is marked failed. */
  abort(reason?: unknown): Promise<void>;
}

type SavePicker = (options: { suggestedName?: string }) => Promise<{
  createWritable(): Promise<{ write(data: Uint8Array): Promise<void>; close(): Promise<void>; abort(): Promise<void> }>;
}>;

/**
 * Last resort: the whole file is collected in memory (a Blob the browser may page to disk)
 * and handed over as a download of a `blob:` URL on `close`. The Blob is typed
 * application/octet-stream whatever the sender claimed, so the URL never renders (an SVG or
 * HTML file opened from it would run in the app's origin). Only for browsers with neither
 * service workers that take transferred streams nor the File System Access save dialog.
 */
function blobSink(file: DownloadFile): FileSink {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  return {
    async write(chunk) {
      parts.push(chunk as Uint8Array<ArrayBuffer>);
    },
    async close() {
      const url = URL.createObjectURL(new Blob(parts, { type: "application/octet-stream" }));
      parts.length = 0;
      const link = document.createElement("a");
      link.href = url;
      link.download = file.name;
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

/**
 * Opens a place to save `file`, in this order: a normal browser download streamed through the
 * download worker (any size, bounded memory; see streamDownload.ts); else the File System
 * Access API's save dialog (streams to disk too); else a Blob that holds the whole file.
 * Call it first thing in a click handler: the download and the dialog need the user's
 * gesture. Rejects with an `AbortError` DOMException when the user dismisses the dialog.
 */
export async function openFileSink(file: DownloadFile): Promise<FileSink> {
  const registration = await prepareStreamDownloads();
  if (registration) return openStreamDownload(registration, file);
  const picker = (globalThis as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
  if (picker) {
    const writable = await (await picker({ suggestedName: file.name })).createWritable();
    return {
      write: (chunk) => writable.write(chunk),
      close: () => writable.close(),
      abort: () => writable.abort(),
    };
  }
  return blobSink(file);
}
