"use client";
import { useState } from "react";
import { useAccount } from "wagmi";
import { NonDeterministicWalletError } from "@cairn/core/crypto";
import { useUnlock, type UnlockStep } from "../hooks/useUnlock";
import { unlockMessage } from "../lib/identitySite";
import { describeError } from "../lib/describeError";
import { PassphraseFallback, RestoreFallback, RestoreStoredKey } from "./PassphraseFallback";

const stepLabels: Record<Exclude<UnlockStep, "idle" | "done">, string> = {
  sign: "Waiting for your signature…",
  confirm: "First setup: sign once more so Cairn can check your wallet always gives the same signature…",
  publish: "Publishing your public key (confirm the transaction in your wallet)…",
  replace:
    "The KeyDirectory holds a different key for this wallet. Publishing this one replaces it (confirm the transaction); private channels shared with the old key need to add you again.",
};

function UnlockError({ error }: { error: unknown }) {
  if (error instanceof NonDeterministicWalletError) {
    return (
      <>
        <div className="callout callout-error" role="alert" data-testid="unlock-error" data-reason="non-deterministic">
          <strong>{error.shortMessage}</strong>
          <p className="small">
            Your wallet returned two different signatures for the same message (some hardware and smart-contract wallets
            add randomness to every signature), so a key derived from one signature could not be derived again next time
            and your messages would become unreadable. Cairn did not create a key from it. Use a wallet with deterministic
            signatures (most software wallets), or a random key protected by a passphrase, below.
          </p>
        </div>
        <PassphraseFallback />
      </>
    );
  }
  return (
    <div className="callout callout-error" role="alert" data-testid="unlock-error">
      {describeError(error)}
    </div>
  );
}

/**
 * Explains the identity signature, asks for it, and publishes the key on first setup. When the
 * wallet's published key has a passphrase backup in the KeyDirectory, asks for the passphrase.
 */
export function UnlockPanel() {
  const unlock = useUnlock();
  const { address } = useAccount();
  const [restoring, setRestoring] = useState(false);
  const stored = unlock.data?.kind === "restore" ? unlock.data : null;
  const fallbackShown = unlock.error instanceof NonDeterministicWalletError || stored !== null;
  return (
    <section className="center-panel" aria-labelledby="unlock-title">
      <h1 id="unlock-title">Unlock your encryption key</h1>
      <p>
        Cairn derives your encryption key from your wallet&apos;s signature of the message below. The key stays in this
        tab&apos;s memory only: nothing is stored, and after a reload (or Lock keys) you sign again.
      </p>
      <p className="small muted">
        The message names this site, so your wallet can warn you when another site asks for it, and the key it gives
        belongs to this site only: the same wallet on another address of Cairn has another key.
      </p>
      <pre className="signed-message" data-testid="unlock-message">
        {address && unlockMessage(address)}
      </pre>
      <ol className="steps">
        <li>
          Sign the message. It sends no transaction and costs no gas. The first time, you sign it twice. If this wallet uses a
          passphrase-protected key, you then enter its passphrase.
        </li>
        <li>
          First time only (or when the KeyDirectory holds another key for you): publish your public key in the
          KeyDirectory contract, one transaction that costs gas, so others can find your key and add you to private
          channels.
        </li>
      </ol>
      {unlock.isPending && unlock.step in stepLabels && (
        <p className="callout callout-info" role="status" data-testid="unlock-progress">
          {stepLabels[unlock.step as keyof typeof stepLabels]}
        </p>
      )}
      {unlock.error && <UnlockError error={unlock.error} />}
      {stored ? (
        <RestoreStoredKey stored={stored} />
      ) : (
        <button
          type="button"
          className="button button-primary"
          data-testid="unlock-keys"
          disabled={unlock.isPending}
          onClick={() => unlock.mutate()}
        >
          {unlock.isPending ? "Unlocking…" : unlock.error ? "Try again" : "Sign and unlock"}
        </button>
      )}
      {!fallbackShown && !restoring && (
        <button type="button" className="button" data-testid="restore-open" onClick={() => setRestoring(true)}>
          Restore a key from a backup copy
        </button>
      )}
      {!fallbackShown && restoring && <RestoreFallback />}
    </section>
  );
}
