"use client";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { getAddress, isAddress, type Address } from "viem";
import { useCreateChannel } from "../hooks/useCreateChannel";
import { useNotify } from "../hooks/useNotify";

/** Addresses separated by commas, spaces or new lines; null when one of them is not an address. */
function parseMembers(text: string): Address[] | null {
  const items = text.split(/[\s,]+/).filter(Boolean);
  if (!items.every((item) => isAddress(item))) return null;
  return [...new Set(items.map((item) => getAddress(item)))];
}

/** "New channel" opens a small form: name, description, visibility (and a private channel's first members). */
export function CreateChannelForm() {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [visibility, setVisibility] = useState<"public" | "private">("public");
  const [membersText, setMembersText] = useState("");
  const members = parseMembers(membersText);
  const create = useCreateChannel();
  const router = useRouter();
  const { notifyError } = useNotify();
  const id = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim() || members === null) return;
    const base = { name: name.trim(), description: description.trim() };
    create.mutate(
      visibility === "private" ? { kind: "private", ...base, members } : { kind: "public", ...base },
      {
        onSuccess: ({ channelId }) => {
          setName("");
          setDescription("");
          setMembersText("");
          setOpen(false);
          router.push(`/channels/${channelId}`);
        },
        onError: (error) => notifyError(error, "Could not create the channel"),
      },
    );
  };

  if (!open) {
    return (
      <button type="button" className="button button-primary button-block" data-testid="create-channel" onClick={() => setOpen(true)}>
        + New channel
      </button>
    );
  }
  return (
    <form className="form-card" onSubmit={submit} aria-label="Create a channel">
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          data-testid="channel-name"
          value={name}
          maxLength={64}
          required
          autoFocus
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>Description (optional)</label>
        <input id={`${id}-description`} value={description} maxLength={512} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-visibility`}>Visibility</label>
        <select
          id={`${id}-visibility`}
          data-testid="channel-visibility"
          value={visibility}
          onChange={(e) => setVisibility(e.target.value as "public" | "private")}
        >
          <option value="public">Public: anyone can join and read</option>
          <option value="private">Private: only members you add</option>
        </select>
      </div>
      {visibility === "private" && (
        <div className="field">
          <label htmlFor={`${id}-members`}>Members (wallet addresses, optional)</label>
          <textarea
            id={`${id}-members`}
            className="mono"
            data-testid="channel-members"
            rows={2}
            placeholder="0x…, 0x…"
            value={membersText}
            aria-invalid={members === null}
            onChange={(e) => setMembersText(e.target.value)}
          />
          <span className="small muted">
            Each gets the channel key sealed to their published key. Someone who has not unlocked Cairn yet is added once they do.
          </span>
        </div>
      )}
      <div className="row">
        <button
          type="submit"
          className="button button-primary"
          data-testid="create-channel-submit"
          disabled={create.isPending || !name.trim() || (visibility === "private" && members === null)}
        >
          {create.isPending ? "Creating…" : "Create"}
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)} disabled={create.isPending}>
          Cancel
        </button>
      </div>
      {create.isPending && <p className="small muted">Confirm the transaction in your wallet.</p>}
    </form>
  );
}
