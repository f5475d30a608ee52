"use client";
import Link from "next/link";
import { useChannelName } from "../hooks/useChannelName";
import { useUnreadCount } from "../hooks/useUnreadCount";
import { ChannelGlyph } from "./ChannelGlyph";

/** One joined channel in the sidebar: name, and unread messages from others. */
export function ChannelItem({ channelId, active }: { channelId: bigint; active: boolean }) {
  const { name, kind, peer } = useChannelName(channelId);
  const unread = useUnreadCount(channelId, active);
  return (
    <li>
      <Link
        href={`/channels/${channelId}`}
        className="channel-link"
        data-testid="channel-item"
        data-channel-id={channelId.toString()}
        data-kind={kind}
        title={kind === "direct" ? `1:1 with ${peer ?? name}` : name}
        aria-current={active ? "page" : undefined}
      >
        <span className="channel-name">
          <ChannelGlyph kind={kind} />
          {kind === "direct" && <span className="visually-hidden">1:1 with </span>}
          {name}
        </span>
        {unread > 0 && (
          <span className="unread" data-testid="unread-count" aria-label={`${unread} unread`}>
            {unread}
          </span>
        )}
      </Link>
    </li>
  );
}
