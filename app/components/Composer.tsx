"use client";
import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { readDraft, saveDraft } from "../lib/drafts";

interface Props {
  /** Hands the text over; returns false when it could not be taken (the text then stays). */
  onSend: (text: string) => boolean;
  disabledReason: string | null;
  /** Where the unsent text is kept while the channel is not open (see lib/drafts). */
  draftKey: string;
}

/**
 * Message box: Enter sends, Shift+Enter adds a line. The text is only cleared once handed
 * over, and survives leaving the channel as a draft.
 */
export function Composer({ onSend, disabledReason, draftKey }: Props) {
  const [text, setTextState] = useState(() => readDraft(draftKey));
  const setText = (value: string) => {
    setTextState(value);
    saveDraft(draftKey, value);
  };
  const id = useId();

  const submit = () => {
    if (!text.trim() || disabledReason) return;
    if (onSend(text)) setText("");
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
    <form className="composer" onSubmit={onSubmit} aria-describedby={disabledReason ? `${id}-note` : undefined}>
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
      <button type="submit" className="button button-primary" data-testid="send-message" disabled={!text.trim() || disabledReason !== null}>
        Send
      </button>
    </form>
  );
}
