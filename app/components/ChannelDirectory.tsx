"use client";
import { useRouter } from "next/navigation";
import { useJoinChannel } from "../hooks/useJoinChannel";
import { useJoinedChannels } from "../hooks/useJoinedChannels";
import { useNotify } from "../hooks/useNotify";
import { usePublicChannels } from "../hooks/usePublicChannels";
import { describeError } from "../lib/describeError";

/** Every public channel, newest first, with Join (Open when already a member: joining is then skipped). */
export function ChannelDirectory() {
  const channels = usePublicChannels();
  const joined = useJoinedChannels();
  const join = useJoinChannel();
  const router = useRouter();
  const { notifyError } = useNotify();
  const joinedIds = new Set(joined.data?.map(String));

  return (
    <section aria-labelledby="directory-title">
      <h1 id="directory-title">Public channels</h1>
      <p className="muted">Anyone can join a public channel and read its history. Messages are still encrypted on IPFS.</p>
      {channels.isPending && <p className="muted">Loading channels…</p>}
      {channels.error && (
        <div className="callout callout-error" role="alert">
          {describeError(channels.error)}{" "}
          <button type="button" className="button button-small" onClick={() => channels.refetch()}>
            Retry
          </button>
        </div>
      )}
      {channels.data?.length === 0 && <p className="muted">No public channels yet. Create the first one.</p>}
      <ul className="directory">
        {channels.data?.map((channel) => {
          const id = channel.channelId.toString();
          const isJoined = joinedIds.has(id);
          const joining = join.isPending && join.variables === channel.channelId;
          return (
            <li key={id} className="directory-item" data-testid="public-channel" data-channel-id={id}>
              <div>
                <strong>{channel.name}</strong> <span className="badge">#{id}</span>
                {channel.description && <p className="small muted">{channel.description}</p>}
              </div>
              <button
                type="button"
                className={isJoined ? "button" : "button button-primary"}
                data-testid="join-channel"
                data-joined={isJoined}
                disabled={joining}
                aria-label={isJoined ? `Open ${channel.name}` : `Join ${channel.name}`}
                onClick={() =>
                  join.mutate(channel.channelId, {
                    onSuccess: () => router.push(`/channels/${id}`),
                    onError: (error) => notifyError(error, `Could not join ${channel.name}`),
                  })
                }
              >
                {joining ? "Joining…" : isJoined ? "Open" : "Join"}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
