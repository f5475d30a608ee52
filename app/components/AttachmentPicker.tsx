"use client";
import { useRef } from "react";
import { formatBytes } from "../lib/format";

interface Props {
  files: readonly File[];
  onChange: (files: readonly File[]) => void;
  disabled: boolean;
}

/**
 * Choose files to attach (several at once; dropping files on the composer adds them too).
 * Only references are kept: the bytes are streamed from disk when the message is sent.
 */
export function AttachmentPicker({ files, onChange, disabled }: Props) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="attachment-picker">
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="file-input"
        disabled={disabled}
        onChange={(event) => {
          onChange([...files, ...Array.from(event.target.files ?? [])]);
          event.target.value = "";
        }}
      />
      <button type="button" className="button button-small" data-testid="attach-files" disabled={disabled} onClick={() => input.current?.click()}>
        Attach files
      </button>
      {files.length > 0 && (
        <ul className="attachment-chips" data-testid="selected-files">
          {files.map((file, index) => (
            <li key={`${file.name}-${index}`} className="attachment-chip" data-testid="selected-file">
              {file.name} ({formatBytes(file.size)})
              <button
                type="button"
                className="button button-small button-ghost"
                aria-label={`Remove ${file.name}`}
                onClick={() => onChange(files.filter((_, i) => i !== index))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
