"use client";
import type { ReactNode } from "react";
import type { ChannelMessage } from "@cairn/core/channel";
import type { PendingMessage } from "../lib/outbox";
import { describeError } from "../lib/describeError";
import type { Address } from "viem";
import { formatBytes, formatTime } from "../lib/format";
import { AddressLabel } from "./AddressLabel";
import { AttachmentView } from "./AttachmentView";
import { UploadProgress } from "./UploadProgress";

const problems: Record<Exclude<ChannelMessage["status"], "confirmed">, string> = {
  undecryptable: "This message could not be decrypted.",
  unavailable: "This message's content is not available on IPFS right now.",
  unsupported: "This message uses a newer format than this version of Cairn can read.",
};

interface Props {
  sender: string;
  own: boolean;
  time: number | undefined;
  status: string;
  text?: string;
  /** Received attachments (fetched only on request), or the files of an own message on its way out. */
  attachments?: { channelId: bigint; list: ChannelMessage["attachments"] } | { outgoing: readonly File[] };
  problem?: string;
  error?: unknown;
  onRetry?: () => void;
  upload?: ReactNode;
}

function MessageRow({ sender, own, time, status, text, attachments, problem, error, onRetry, upload }: Props) {
  return (
    <li className={own ? "message message-own" : "message"} data-testid="message" data-sender={sender.toLowerCase()} data-status={status}>
      <div className="message-meta">
        <span className="message-sender">
          <AddressLabel address={sender as Address} />
          {own && " (you)"}
        </span>
        {time !== undefined && <time dateTime={new Date(time).toISOString()}>{formatTime(time)}</time>}
        <span className={`status status-${status}`} data-testid="message-status">
          {status}
        </span>
        {onRetry && (
          <button type="button" className="button button-small" data-testid="retry-message" onClick={onRetry}>
            Retry
          </button>
        )}
      </div>
      {text && (
        <div className="message-body" data-testid="message-text">
          {text}
        </div>
      )}
      {attachments &&
        ("outgoing" in attachments
          ? attachments.outgoing.map((file, index) => (
              <div key={`${file.name}-${index}`} className="attachment attachment-outgoing" data-testid="outgoing-attachment">
                <span className="attachment-name">{file.name}</span>
                <span className="small muted">
                  {formatBytes(file.size)} · {file.type || "unknown type"}
                </span>
              </div>
            ))
          : attachments.list.map((file) => <AttachmentView key={file.cid.toString()} attachment={file} channelId={attachments.channelId} />))}
      {upload}
      {problem && <div className="message-problem">{problem}</div>}
      {error !== undefined && error !== null && (
        <div className="message-error" role="alert">
          {describeError(error)}
        </div>
      )}
    </li>
  );
}

/**
 * A message read from the chain (decrypted, or marked as unreadable), or another member's message
 * that arrived over pubsub ahead of the chain (`delivery`: pending, or not confirmed in time).
 */
export function ChainMessageItem({ message, own, delivery }: { message: ChannelMessage; own: boolean; delivery?: "pending" | "not-confirmed" }) {
  const time = message.timestamp ?? (message.blockTimestamp !== undefined ? message.blockTimestamp * 1000 : undefined);
  return (
    <MessageRow
      sender={message.sender}
      own={own}
      time={time}
      status={delivery ?? message.status}
      text={message.text}
      attachments={message.attachments.length > 0 ? { channelId: message.channelId, list: message.attachments } : undefined}
      problem={delivery === "not-confirmed" ? notConfirmedNote : message.status === "confirmed" ? undefined : problems[message.status]}
    />
  );
}

const notConfirmedNote = "Not confirmed: its transaction has not been mined in time. It may still be.";

/** What a pending message says: its transaction went out and is not mined yet. */
const pendingNote = (txHash: string | undefined) =>
  txHash ? `Sent as ${txHash}; not mined yet. It is shown here until it is.` : "Sent; not mined yet. It is shown here until it is.";

/**
 * One of this tab's own messages on its way out. A failed one can be retried; so can a pending
 * one no send is watching any more (retrying checks the chain first, it never posts twice).
 */
export function PendingMessageItem({ message, sender, onRetry }: { message: PendingMessage; sender: string; onRetry: () => void }) {
  const retryable = message.status === "failed" || (message.status === "pending" && !message.cancel);
  return (
    <MessageRow
      sender={sender}
      own
      time={message.createdAt}
      status={message.status}
      text={message.text}
      attachments={message.files?.length ? { outgoing: message.files } : undefined}
      upload={message.progress && <UploadProgress progress={message.progress} onCancel={message.cancel} />}
      problem={message.status === "pending" ? pendingNote(message.txHash) : undefined}
      error={message.status === "failed" ? message.error : undefined}
      onRetry={retryable ? onRetry : undefined}
    />
  );
}
