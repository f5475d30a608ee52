"use client";
import { useEffect, useLayoutEffect, useRef } from "react";
import type { ChannelMessage } from "@cairn/core/channel";
import type { PendingMessage } from "../lib/outbox";
import type { ReceivedMessage } from "../hooks/useChannelPubsub";
import { ChainMessageItem, PendingMessageItem } from "./MessageItem";

interface Props {
  messages: readonly ChannelMessage[];
  pending: readonly PendingMessage[];
  /** Other members' messages that arrived over pubsub, not on the chain yet. */
  received?: readonly ReceivedMessage[];
  account: string;
  /** The history has been read back to the channel's first message. */
  atStart: boolean;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  onRetry: (localId: number) => void;
}

const NEAR_BOTTOM_PX = 120;

/**
 * Messages oldest → newest. Scrolling to the top loads the older page (keeping the view
 * where it was); new messages scroll into view when the reader is at the bottom.
 */
export function MessageList({ messages, pending, received = [], account, atStart, hasOlder, loadingOlder, onLoadOlder, onRetry }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const firstId = messages[0]?.id;
  const lastKey = `${messages.at(-1)?.id}|${pending.length}|${received.length}`;
  const previous = useRef({ firstId, lastKey: "", pendingCount: 0, scrollHeight: 0, atBottom: true });

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const before = previous.current;
    const prependedOlder = before.firstId !== undefined && firstId !== before.firstId && lastKey === before.lastKey;
    const sentNow = pending.length > before.pendingCount;
    if (prependedOlder) el.scrollTop += el.scrollHeight - before.scrollHeight;
    else if (lastKey !== before.lastKey && (before.atBottom || sentNow)) el.scrollTop = el.scrollHeight;
    previous.current = { ...before, firstId, lastKey, pendingCount: pending.length, scrollHeight: el.scrollHeight };
  }, [firstId, lastKey, pending.length]);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasOlder) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !loadingOlder) onLoadOlder();
      },
      { root: scroller.current, rootMargin: "200px 0px 0px 0px" },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasOlder, loadingOlder, onLoadOlder]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    previous.current.atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    previous.current.scrollHeight = el.scrollHeight;
  };

  const own = account.toLowerCase();
  return (
    <div className="messages" ref={scroller} onScroll={onScroll} data-testid="message-list" aria-live="polite">
      <div ref={sentinel} />
      <div className="history-edge">
        {hasOlder ? (
          <button type="button" className="button button-small" data-testid="load-older" onClick={onLoadOlder} disabled={loadingOlder}>
            {loadingOlder ? "Loading older messages…" : "Load older messages"}
          </button>
        ) : (
          atStart && "Beginning of the channel"
        )}
      </div>
      <ol className="message-items" aria-label="Messages">
        {messages.map((message) => (
          <ChainMessageItem key={message.id} message={message} own={message.sender.toLowerCase() === own} />
        ))}
        {received.map(({ message, status }) => (
          <ChainMessageItem key={message.id} message={message} own={message.sender.toLowerCase() === own} delivery={status} />
        ))}
        {pending.map((message) => (
          <PendingMessageItem key={`pending-${message.localId}`} message={message} sender={account} onRetry={() => onRetry(message.localId)} />
        ))}
      </ol>
    </div>
  );
}
