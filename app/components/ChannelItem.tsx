"use client";
import Link from "next/link";
import { useChannelName } from "../hooks/useChannelName";
import { useUnreadCount } from "../hooks/useUnreadCount";
import { ChannelGlyph } from "./ChannelGlyph";

/** One joined channel in the sidebar: name, and unread messages from others. */
export function ChannelItem({ channelId, active }: { channelId: bigint; active: boolean }) {
  const { name, isPublic } = useChannelName(channelId);
  const unread = useUnreadCount(channelId, active);
  return (
    <li>
      <Link
        href={`/channels/${channelId}`}
        className="channel-link"
        data-testid="channel-item"
        data-channel-id={channelId.toString()}
        aria-current={active ? "page" : undefined}
      >
        <span className="channel-name">
          <ChannelGlyph isPublic={isPublic} />
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
