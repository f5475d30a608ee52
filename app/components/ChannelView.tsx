"use client";
import { useEffect, useMemo, useState } from "react";
import { ChannelNotFoundError } from "@cairn/core/chain";
import { useChannelMessages } from "../hooks/useChannelMessages";
import { useChannelName } from "../hooks/useChannelName";
import { useChannelPubsub } from "../hooks/useChannelPubsub";
import { useChannelService } from "../hooks/useChannelService";
import { useJoinChannel } from "../hooks/useJoinChannel";
import { useJoinedChannels } from "../hooks/useJoinedChannels";
import { useNotify } from "../hooks/useNotify";
import { useOutgoingMessages } from "../hooks/useOutgoingMessages";
import { useIdentity } from "../hooks/useIdentity";
import { describeError } from "../lib/describeError";
import { accountChannelKey } from "../lib/accountChannelKey";
import { parseChannelId } from "../lib/parseChannelId";
import { ChannelMembers } from "./ChannelMembers";
import { AddressLabel } from "./AddressLabel";
import { ChannelGlyph } from "./ChannelGlyph";
import { Composer } from "./Composer";
import { MembersPanel } from "./MembersPanel";
import { MessageList } from "./MessageList";

interface ErrorBannerProps {
  testId: string;
  label: string;
  error: unknown;
  action: { label: string; run: () => void };
}

function ErrorBanner({ testId, label, error, action }: ErrorBannerProps) {
  return (
    <div className="banner banner-error" role="alert" data-testid={testId}>
      <span>
        {label}: {describeError(error)}
      </span>
      <button type="button" className="button button-small" onClick={action.run}>
        {action.label}
      </button>
    </div>
  );
}

function JoinBar({ channelId, isPublic }: { channelId: bigint; isPublic: boolean | undefined }) {
  const join = useJoinChannel();
  const { notifyError } = useNotify();
  if (isPublic === false) {
    return <p className="composer muted">This private channel is readable by its members only. Ask its admin to add you.</p>;
  }
  return (
    <div className="composer">
      <span className="muted">You are reading a public channel you have not joined.</span>
      <button
        type="button"
        className="button button-primary"
        data-testid="join-this-channel"
        disabled={join.isPending}
        onClick={() => join.mutate(channelId, { onError: (error) => notifyError(error, "Could not join") })}
      >
        {join.isPending ? "Joining…" : "Join to write"}
      </button>
    </div>
  );
}

function Channel({ channelId }: { channelId: bigint }) {
  const { identity } = useIdentity();
  const account = identity?.address ?? "";
  const { name, kind, peer, isPublic, state } = useChannelName(channelId);
  const [membersOpen, setMembersOpen] = useState(false);
  const { service, ipfs } = useChannelService(channelId);
  const history = useChannelMessages(service, channelId);
  const { messages } = history;
  const outgoing = useOutgoingMessages(service, account, channelId);
  const joined = useJoinedChannels();
  const isMember = joined.data?.includes(channelId);

  const chainIds = useMemo(() => new Set(messages.map((m) => m.id)), [messages]);
  const { settle } = outgoing;
  useEffect(() => settle(chainIds), [settle, chainIds]);
  const pending = outgoing.items.filter((item) => !(item.id && chainIds.has(item.id)));
  const pubsub = useChannelPubsub(service, messages, account);

  if (state.error instanceof ChannelNotFoundError) {
    return (
      <div className="page" data-testid="channel-not-found">
        <h1>Channel #{channelId.toString()} does not exist</h1>
      </div>
    );
  }

  const disabledReason = ipfs.error
    ? "Cannot send: your IPFS node is not connected"
    : service === null
      ? "Starting your IPFS node…"
      : state.data?.rekeyRequired
        ? "A member left: give the channel a new key first (Re-key now)"
        : null;

  return (
    <section className="main" aria-labelledby="channel-title" data-testid="channel-view" data-channel-id={channelId.toString()}>
      <header className="channel-header">
        <div>
          <h1 id="channel-title" data-testid="channel-title">
            <ChannelGlyph kind={kind} />
            {kind === "direct" && <span className="visually-hidden">1:1 with </span>}
            {peer ? <AddressLabel address={peer} /> : <span>{name}</span>}
            {peer && pubsub.online.has(peer.toLowerCase()) && (
              <span className="badge badge-online" data-testid="peer-online">
                online
              </span>
            )}
          </h1>
          <span className="small muted">
            Channel #{channelId.toString()} · {kind === "direct" ? "1:1" : isPublic === false ? "private" : "public"}
            {state.data && ` · ${state.data.members.length} member${state.data.members.length === 1 ? "" : "s"}`}
          </span>
        </div>
      </header>
      {state.data && !state.data.isPublic && (
        <ChannelMembers state={state.data} service={service} panelOpen={membersOpen} onTogglePanel={() => setMembersOpen((open) => !open)} />
      )}
      <div className="channel-body">
        <div className="channel-column">
          {ipfs.error && <ErrorBanner testId="ipfs-error" label="IPFS node unreachable" error={ipfs.error} action={{ label: "Retry", run: () => void ipfs.refetch() }} />}
          {history.historyError !== null && <ErrorBanner testId="history-error" label="Could not load messages" error={history.historyError} action={{ label: "Retry", run: history.retryHistory }} />}
          {history.liveError !== null && <ErrorBanner testId="live-error" label="Live updates interrupted (retrying)" error={history.liveError} action={{ label: "Dismiss", run: history.dismissLiveError }} />}
          {history.loading && <p className="empty">Loading messages…</p>}
          <MessageList
            messages={messages}
            pending={pending}
            received={pubsub.received}
            account={account}
            atStart={history.atStart}
            hasOlder={history.hasOlder}
            loadingOlder={history.loadingOlder}
            onLoadOlder={history.loadOlderPage}
            onRetry={outgoing.retry}
          />
          {pubsub.typing.length > 0 && (
            <p className="small muted typing" data-testid="typing">
              {pubsub.typing.map((member, index) => (
                <span key={member}>
                  {index > 0 && ", "}
                  <AddressLabel address={member} />
                </span>
              ))}{" "}
              {pubsub.typing.length === 1 ? "is" : "are"} typing…
            </p>
          )}
          {isMember === false ? (
            <JoinBar channelId={channelId} isPublic={isPublic} />
          ) : (
            <Composer
              onSend={outgoing.send}
              disabledReason={disabledReason}
              draftKey={accountChannelKey(account, channelId)}
              onTyping={pubsub.onTyping}
              onIdle={pubsub.onIdle}
            />
          )}
        </div>
        {membersOpen && state.data && !state.data.isPublic && (
          <MembersPanel state={state.data} service={service} online={pubsub.online} onClose={() => setMembersOpen(false)} />
        )}
      </div>
    </section>
  );
}

/** A channel page: header, messages (history + live + own pending), composer; the members side panel of a private channel. */
export function ChannelView({ channelId }: { channelId: string }) {
  const id = parseChannelId(channelId);
  if (id === null) {
    return (
      <div className="page" data-testid="channel-not-found">
        <h1>“{channelId}” is not a channel id</h1>
      </div>
    );
  }
  return <Channel key={id.toString()} channelId={id} />;
}
