"use client";
import { useId, useState, type FormEvent } from "react";
import { getAddress, isAddress } from "viem";
import type { ChannelService } from "../../core/channel";
import { useAddMember } from "../hooks/useAddMember";
import { useNotify } from "../hooks/useNotify";

/** Admin of a private channel: add a member by wallet address (they need a published key). */
export function AddMemberForm({ service }: { service: ChannelService | null }) {
  const [value, setValue] = useState("");
  const add = useAddMember(service);
  const { notifyError } = useNotify();
  const id = useId();
  const valid = isAddress(value.trim());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    add.mutate(getAddress(value.trim()), {
      onSuccess: () => setValue(""),
      onError: (error) => notifyError(error, "Could not add the member"),
    });
  };

  return (
    <form className="row" onSubmit={submit} aria-label="Add a member">
      <label htmlFor={id} className="visually-hidden">
        Member wallet address
      </label>
      <input
        id={id}
        className="mono"
        data-testid="add-member-address"
        placeholder="0x… wallet address to add"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={value !== "" && !valid}
      />
      <button type="submit" className="button" data-testid="add-member-submit" disabled={!valid || add.isPending || !service}>
        {add.isPending ? "Adding…" : "Add member"}
      </button>
    </form>
  );
}
