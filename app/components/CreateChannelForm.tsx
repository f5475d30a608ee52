"use client";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { useCreateChannel } from "../hooks/useCreateChannel";
import { useNotify } from "../hooks/useNotify";

/** "New channel" opens a small form: name, description, visibility. */
export function CreateChannelForm() {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [visibility, setVisibility] = useState<"public" | "private">("public");
  const create = useCreateChannel();
  const router = useRouter();
  const { notifyError } = useNotify();
  const id = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    create.mutate(
      { kind: visibility, name: name.trim(), description: description.trim() },
      {
        onSuccess: (channelId) => {
          setName("");
          setDescription("");
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
      <div className="row">
        <button type="submit" className="button button-primary" data-testid="create-channel-submit" disabled={create.isPending || !name.trim()}>
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
