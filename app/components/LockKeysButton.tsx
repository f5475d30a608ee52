"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useIdentity } from "../hooks/useIdentity";
import { queryKeys } from "../lib/queries";

/**
 * Forgets the identity key and the channel names decrypted in this tab; the open channel's
 * decrypted messages go with its view, which the unlock screen replaces.
 */
export function LockKeysButton() {
  const { identity, setIdentity } = useIdentity();
  const queryClient = useQueryClient();
  const lock = () => {
    setIdentity(null);
    queryClient.removeQueries({ queryKey: queryKeys.channelDetails(identity?.address) });
  };
  return (
    <button type="button" className="button button-block" data-testid="lock-keys" onClick={lock}>
      Lock keys
    </button>
  );
}
