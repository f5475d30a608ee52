"use client";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { getAddress, isAddress } from "viem";
import { useNotify } from "../hooks/useNotify";
import { useOpenDirectChannel } from "../hooks/useOpenDirectChannel";

/** "Message an address": opens the 1:1 channel with that wallet, creating it only if the pair has none. */
export function DirectMessageForm() {
  const [value, setValue] = useState("");
  const open = useOpenDirectChannel();
  const router = useRouter();
  const { notifyError } = useNotify();
  const id = useId();
  const valid = isAddress(value.trim());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    open.mutate(getAddress(value.trim()), {
      onSuccess: (channelId) => {
        setValue("");
        router.push(`/channels/${channelId}`);
      },
      onError: (error) => notifyError(error, "Could not open the 1:1 channel"),
    });
  };

  return (
    <form className="form-card" onSubmit={submit} aria-label="Open a 1:1 channel">
      <label htmlFor={id} className="small">
        Message an address (1:1, end-to-end encrypted)
      </label>
      <div className="row">
        <input
          id={id}
          className="mono"
          data-testid="dm-address"
          placeholder="0x… wallet address"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={value !== "" && !valid}
        />
        <button type="submit" className="button" data-testid="dm-submit" disabled={!valid || open.isPending}>
          {open.isPending ? "Opening…" : "Open"}
        </button>
      </div>
    </form>
  );
}
