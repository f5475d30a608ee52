"use client";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { useJoinChannel } from "../hooks/useJoinChannel";
import { useNotify } from "../hooks/useNotify";
import { parseChannelId } from "../lib/parseChannelId";

/** Join a public channel by its number. */
export function JoinChannelForm() {
  const [value, setValue] = useState("");
  const join = useJoinChannel();
  const router = useRouter();
  const { notifyError } = useNotify();
  const id = useId();
  const channelId = parseChannelId(value);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (channelId === null) return;
    join.mutate(channelId, {
      onSuccess: () => {
        setValue("");
        router.push(`/channels/${channelId}`);
      },
      onError: (error) => notifyError(error, `Could not join channel #${channelId}`),
    });
  };

  return (
    <form onSubmit={submit} aria-label="Join a channel by id">
      <label htmlFor={`${id}-join`}>Join by channel id</label>
      <div className="row">
        <input
          id={`${id}-join`}
          data-testid="join-channel-id"
          inputMode="numeric"
          placeholder="e.g. 3"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={value !== "" && channelId === null}
        />
        <button type="submit" className="button" data-testid="join-channel-submit" disabled={channelId === null || join.isPending}>
          {join.isPending ? "Joining…" : "Join"}
        </button>
      </div>
    </form>
  );
}
