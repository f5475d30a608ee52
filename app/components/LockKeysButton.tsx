"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useSession } from "../hooks/useSession";

/** Forgets the identity key and every decrypted message and channel name held in this tab. */
export function LockKeysButton() {
  const { setSession } = useSession();
  const queryClient = useQueryClient();
  const lock = () => {
    setSession(null);
    for (const queryKey of [["messages"], ["channel-details"]]) queryClient.removeQueries({ queryKey });
  };
  return (
    <button type="button" className="button button-block" data-testid="lock-keys" onClick={lock}>
      Lock keys
    </button>
  );
}
