"use client";
import type { TransferProgress } from "../lib/outbox";
import { formatBytes } from "../lib/format";

const labels: Record<TransferProgress["phase"], string> = {
  encrypting: "Encrypting",
  uploading: "Uploading",
  pinning: "Pinning",
  posting: "Posting",
};

/** A bar with its phase, bytes and percent; `testId` tells uploads and downloads apart. */
export function TransferBar({ label, bytes, total, testId, phase }: { label: string; bytes: number; total: number; testId: string; phase?: string }) {
  const percent = total > 0 ? Math.min(100, Math.floor((bytes / total) * 100)) : 100;
  return (
    <div className="transfer" data-testid={testId} data-phase={phase} data-percent={percent}>
      <progress max={100} value={percent} aria-label={label} />
      <span className="small muted">
        {label} · {formatBytes(bytes)} of {formatBytes(total)} · {percent}%
      </span>
    </div>
  );
}

/** Where an outgoing message's files are: encrypting → uploading → pinning → posting, with Cancel. */
export function UploadProgress({ progress, onCancel }: { progress: TransferProgress; onCancel?: () => void }) {
  return (
    <div className="upload-progress">
      <TransferBar label={labels[progress.phase]} bytes={progress.bytes} total={progress.total} testId="upload-progress" phase={progress.phase} />
      {onCancel && (
        <button type="button" className="button button-small" data-testid="upload-cancel" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
