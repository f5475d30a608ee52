"use client";
import { useEffect, useRef, useState } from "react";
import type { Attachment } from "@cairn/core/envelope";
import { previewType } from "@cairn/core/envelope";
import { useChannelService } from "../hooks/useChannelService";
import { describeError } from "../lib/describeError";
import { formatBytes } from "../lib/format";
import { openFileSink } from "../lib/saveFile";
import { prepareStreamDownloads } from "../lib/streamDownload";
import { TransferBar } from "./UploadProgress";

/** Previews are read into memory: larger files can only be downloaded. */
const MAX_PREVIEW_BYTES = 64 * 1024 * 1024;
const PROGRESS_INTERVAL_MS = 100;

type Transfer = { kind: "download" | "preview"; bytes: number };

/** The allow-listed preview type (raster images and video only, core's previewType), or null: download only. */
function previewOf(attachment: Attachment) {
  return attachment.size > MAX_PREVIEW_BYTES ? null : previewType(attachment.mimeType);
}

/**
 * One attachment of a received message: name, size and type from the envelope, nothing
 * fetched. Download fetches, verifies and decrypts it into a file under its original name;
 * images and short videos preview only on request, because fetching from IPFS peers tells
 * them the viewer's address. Only raster images and videos preview, as a `blob:` URL typed with the
 * allow-listed type, never the sender's: an SVG or HTML file could run script in the app's origin,
 * so those are download-only. Downloads stream to disk as a normal browser download (see
 * app/lib/saveFile.ts); a file that fails a check mid-way leaves a failed download, never a
 * truncated one marked complete.
 */
export function AttachmentView({ attachment, channelId }: { attachment: Attachment; channelId: bigint }) {
  const { service } = useChannelService(channelId);
  const [transfer, setTransfer] = useState<Transfer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);
  const cancel = useRef<AbortController | null>(null);
  const allowed = previewOf(attachment);
  const kind = allowed?.kind ?? null;

  useEffect(() => () => cancel.current?.abort(), []);
  useEffect(() => void prepareStreamDownloads(), []);
  useEffect(() => (previewUrl ? () => URL.revokeObjectURL(previewUrl) : undefined), [previewUrl]);

  /**
   * Streams the plaintext into `write`, with progress (the channel service checks the declared
   * size); returns false if it failed or was cancelled.
   */
  const fetchInto = async (kind: Transfer["kind"], write: (chunk: Uint8Array) => Promise<void>) => {
    if (!service) return false;
    const controller = new AbortController();
    cancel.current = controller;
    setError(null);
    setTransfer({ kind, bytes: 0 });
    let bytes = 0;
    let drawnAt = 0;
    try {
      for await (const chunk of service.download(attachment, { signal: controller.signal })) {
        bytes += chunk.length;
        await write(chunk);
        if (Date.now() - drawnAt >= PROGRESS_INTERVAL_MS) {
          drawnAt = Date.now();
          setTransfer({ kind, bytes });
        }
      }
      return true;
    } catch (caught) {
      if (!controller.signal.aborted) setError(caught);
      return false;
    } finally {
      if (cancel.current === controller) cancel.current = null;
      setTransfer(null);
    }
  };

  const download = async () => {
    try {
      const sink = await openFileSink({ name: attachment.name, mimeType: attachment.mimeType, size: attachment.size });
      if (await fetchInto("download", (chunk) => sink.write(chunk))) await sink.close();
      else await sink.abort();
    } catch (caught) {
      if (!(caught instanceof DOMException && caught.name === "AbortError")) setError(caught);
    }
  };

  const preview = async () => {
    if (!allowed) return;
    const parts: Uint8Array<ArrayBuffer>[] = [];
    if (await fetchInto("preview", async (chunk) => void parts.push(chunk as Uint8Array<ArrayBuffer>))) {
      setPreviewUrl(URL.createObjectURL(new Blob(parts, { type: allowed.type })));
    }
  };

  return (
    <div
      className="attachment"
      data-testid="attachment"
      data-name={attachment.name}
      data-size={attachment.size}
      data-type={attachment.mimeType}
    >
      <div className="attachment-info">
        <span className="attachment-name" data-testid="attachment-name">
          {attachment.name}
        </span>
        <span className="small muted">
          {formatBytes(attachment.size)} · {attachment.mimeType || "unknown type"}
        </span>
      </div>
      <div className="attachment-actions">
        <button type="button" className="button button-small" data-testid="attachment-download" disabled={!service || transfer !== null} onClick={() => void download()}>
          Download
        </button>
        {kind && !previewUrl && (
          <>
            <button type="button" className="button button-small" data-testid="attachment-preview" disabled={!service || transfer !== null} onClick={() => void preview()}>
              Show {kind}
            </button>
            <span className="small muted">Loading fetches the file from the pinning node or IPFS peers, which can see your IP address.</span>
          </>
        )}
        {transfer && (
          <button type="button" className="button button-small" data-testid="attachment-cancel" onClick={() => cancel.current?.abort()}>
            Cancel
          </button>
        )}
      </div>
      {transfer && (
        <TransferBar
          label={transfer.kind === "download" ? "Downloading" : "Loading preview"}
          bytes={transfer.bytes}
          total={attachment.size}
          testId="download-progress"
          phase={transfer.kind}
        />
      )}
      {previewUrl && kind === "image" && (
        <img className="attachment-image" data-testid="attachment-image" src={previewUrl} alt={attachment.name} />
      )}
      {previewUrl && kind === "video" && <video className="attachment-image" data-testid="attachment-video" src={previewUrl} controls />}
      {error !== null && (
        <div className="message-error" role="alert" data-testid="attachment-error">
          {describeError(error)}
        </div>
      )}
    </div>
  );
}
