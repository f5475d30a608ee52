"use client";
import { useMutation } from "@tanstack/react-query";
import { useSignMessage } from "wagmi";
import { useIdentity } from "../hooks/useIdentity";
import { describeError } from "../lib/describeError";
import { walletPinningAuth } from "../lib/settingsPinningClient";

/**
 * Signs the unlocked account out of the pinning service at `url`: the service revokes the token
 * this browser holds (or, everywhere, every token of the account: other browsers', the CLI's, a
 * stolen one), and this browser forgets it. The next pin asks the wallet to sign in again.
 */
export function PinningSignOut({ url }: { url: string }) {
  const { identity } = useIdentity();
  const { signMessageAsync } = useSignMessage();
  const signOut = useMutation({
    mutationFn: async ({ account, everywhere }: { account: `0x${string}`; everywhere: boolean }) => {
      const { createPinningAuth } = await import("@cairn/core/ipfs");
      const auth = walletPinningAuth(createPinningAuth, url, { account, signMessage: (message) => signMessageAsync({ account, message }) });
      return { everywhere, revoked: await auth.signOut({ everywhere }) };
    },
  });
  if (!identity) return null;
  const run = (everywhere: boolean) => signOut.mutate({ account: identity.address, everywhere });

  return (
    <div data-testid="pinning-sign-out">
      <div className="attachment-actions">
        <button type="button" className="button" data-testid="pinning-sign-out-here" disabled={signOut.isPending} onClick={() => run(false)}>
          Sign out of the pinning service
        </button>
        <button type="button" className="button" data-testid="pinning-sign-out-everywhere" disabled={signOut.isPending} onClick={() => run(true)}>
          Sign out everywhere
        </button>
      </div>
      <p className="small muted">
        Signing out makes the service refuse this browser&apos;s token at once; everywhere, every token of your account (other
        browsers, the command line, one copied from this device), which asks your wallet to sign in first if this browser holds none.
        Your pins stay. The next time you send, your wallet asks you to sign in again.
      </p>
      {signOut.isSuccess && (
        <p role="status" data-testid="pinning-sign-out-status">
          {signOut.data.everywhere
            ? `Signed out everywhere: the service revoked ${signOut.data.revoked} token${signOut.data.revoked === 1 ? "" : "s"} of your account.`
            : signOut.data.revoked > 0
              ? "Signed out: the service no longer accepts this browser's token."
              : "This browser held no token the service accepts: nothing to sign out of."}
        </p>
      )}
      {signOut.isError && (
        <p role="alert" data-testid="pinning-sign-out-status">
          {describeError(signOut.error)}
        </p>
      )}
    </div>
  );
}
