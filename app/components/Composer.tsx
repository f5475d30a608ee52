"use client";
import { useId, useState, type DragEvent, type FormEvent, type KeyboardEvent } from "react";
import { readDraft, readDraftFiles, saveDraft, saveDraftFiles } from "../lib/drafts";
import { AttachmentPicker } from "./AttachmentPicker";

interface Props {
  /** Hands the text and files over; returns false when they could not be taken (they then stay). */
  onSend: (text: string, files: readonly File[]) => boolean;
  disabledReason: string | null;
  /** Where the unsent text and picked files are kept while the channel is not open (see lib/drafts). */
  draftKey: string;
  /** A keystroke in a non-empty box (throttled typing beats). */
  onTyping?: () => void;
  /** The box was emptied or its message sent. */
  onIdle?: () => void;
}

/**
 * Message box: Enter sends, Shift+Enter adds a line; files are attached with the picker or
 * dropped on the box. The text and files are only cleared once handed over, and survive leaving
 * the channel as a draft (for the tab's life).
 */
export function Composer({ onSend, disabledReason, draftKey, onTyping, onIdle }: Props) {
  const [text, setTextState] = useState(() => readDraft(draftKey));
  const setText = (value: string) => {
    setTextState(value);
    saveDraft(draftKey, value);
    if (value.trim()) onTyping?.();
    else onIdle?.();
  };
  const [files, setFilesState] = useState(() => readDraftFiles(draftKey));
  const setFiles = (value: readonly File[]) => {
    setFilesState(value);
    saveDraftFiles(draftKey, value);
  };
  const [dragging, setDragging] = useState(false);
  const id = useId();
  const empty = !text.trim() && files.length === 0;

  const submit = () => {
    if (empty || disabledReason) return;
    if (onSend(text, files)) {
      setText("");
      setFiles([]);
    }
  };
  const onDragOver = (event: DragEvent) => {
    if (disabledReason || !event.dataTransfer.types.includes("Files")) return;
    event.preventDefault();
    setDragging(true);
  };
  const onDrop = (event: DragEvent) => {
    setDragging(false);
    if (disabledReason || event.dataTransfer.files.length === 0) return;
    event.preventDefault();
    setFiles([...files, ...Array.from(event.dataTransfer.files)]);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      className={dragging ? "composer composer-dragging" : "composer"}
      onSubmit={onSubmit}
      onDragOver={onDragOver}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      aria-describedby={disabledReason ? `${id}-note` : undefined}
      data-testid="composer"
    >
      {disabledReason && (
        <p id={`${id}-note`} className="composer-note" role="status" data-testid="composer-note">
          {disabledReason}
        </p>
      )}
      <label htmlFor={id} className="visually-hidden">
        Message
      </label>
      <textarea
        id={id}
        data-testid="message-input"
        rows={Math.min(8, text.split("\n").length)}
        placeholder={disabledReason ?? "Write a message (Enter to send, Shift+Enter for a new line)"}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <AttachmentPicker files={files} onChange={setFiles} disabled={disabledReason !== null} />
      <button type="submit" className="button button-primary" data-testid="send-message" disabled={empty || disabledReason !== null}>
        Send
      </button>
    </form>
  );
}
