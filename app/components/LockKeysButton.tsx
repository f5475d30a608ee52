"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useSession } from "../hooks/useSession";
import { queryKeys } from "../lib/queries";

/** Forgets the identity key and every decrypted message and channel name held in this tab. */
export function LockKeysButton() {
  const { session, setSession } = useSession();
  const queryClient = useQueryClient();
  const lock = () => {
    setSession(null);
    queryClient.removeQueries({ queryKey: ["messages"] });
    queryClient.removeQueries({ queryKey: queryKeys.channelDetails(session?.address) });
  };
  return (
    <button type="button" className="button button-block" data-testid="lock-keys" onClick={lock}>
      Lock keys
    </button>
  );
}
