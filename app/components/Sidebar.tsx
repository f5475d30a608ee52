"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useChannelRequests } from "../hooks/useChannelRequests";
import { usePendingInviteWatcher } from "../hooks/usePendingInviteWatcher";
import { describeError } from "../lib/describeError";
import { ChannelItem } from "./ChannelItem";
import { ChannelRequests } from "./ChannelRequests";
import { CreateChannelForm } from "./CreateChannelForm";
import { DirectMessageForm } from "./DirectMessageForm";
import { IpfsStatus } from "./IpfsStatus";
import { JoinChannelForm } from "./JoinChannelForm";
import { LockKeysButton } from "./LockKeysButton";
import { SessionKeyPanel } from "./SessionKeyPanel";

/**
 * Joined channels with unread counts (requests from people not talked to yet apart), then create,
 * join, message an address, lock. Completes pending invites.
 */
export function Sidebar() {
  const { joined, channels, requests, answer } = useChannelRequests();
  usePendingInviteWatcher();
  const pathname = usePathname();
  const activeId = pathname.startsWith("/channels/") ? pathname.split("/")[2] : undefined;
  return (
    <nav className="sidebar" aria-label="Channels">
      <section>
        <h2>Your channels</h2>
        {joined.isPending && <p className="small muted">Loading…</p>}
        {joined.error && (
          <p className="small" role="alert">
            {describeError(joined.error)}
          </p>
        )}
        {joined.data?.length === 0 && <p className="small muted">No channels yet. Join a public one or create one.</p>}
        <ul className="channel-list">
          {channels.map((id) => (
            <ChannelItem key={id.toString()} channelId={id} active={activeId === id.toString()} />
          ))}
        </ul>
      </section>
      <ChannelRequests requests={requests} answer={answer} />
      <Link href="/" className="channel-link" data-testid="browse-channels">
        Browse public channels
      </Link>
      <CreateChannelForm />
      <JoinChannelForm />
      <DirectMessageForm />
      <SessionKeyPanel />
      <IpfsStatus />
      <LockKeysButton />
    </nav>
  );
}
