"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useAppPublicClient } from "../hooks/useAppPublicClient";
import { useFallbackKey } from "../hooks/useFallbackKey";
import { useIdentity } from "../hooks/useIdentity";
import { keyBackupQuery } from "../lib/queries";
import { NewPassphraseForm } from "./PassphraseFallback";

/** Said before and after a passphrase change (PROTOCOL.md §3.3). */
const NEW_KEY_NOTICE =
  "Changing your passphrase creates a new key. Channel admins must share their keys with your new key before you can read those channels again; old backups stay on-chain but only open your old key.";

/**
 * Settings of the unlocked wallet's passphrase-protected key (one whose backup the KeyDirectory
 * stores): changing the passphrase makes a new random key, published with its backup under the
 * new passphrase, and the identity moves to it. An old backup (public for ever in the logs) then
 * opens only the old key, which channels stop using once their admins share their keys again
 * (the stale-keys flow in each channel). Nothing shows for a key derived from the signature.
 */
export function KeySettings() {
  const { identity } = useIdentity();
  const publicClient = useAppPublicClient();
  const queryClient = useQueryClient();
  const { create, finish } = useFallbackKey();
  const stored = useQuery(keyBackupQuery(publicClient, identity?.address, identity?.keys.publicKey));
  if (!identity || !stored.data) return null;

  const change = (passphrase: string) =>
    create.mutate(passphrase, {
      onSuccess: (created) => {
        finish(created);
        void queryClient.invalidateQueries();
      },
    });
  return (
    <section className="settings-section" data-testid="key-settings" aria-labelledby="key-settings-title">
      <h2 id="key-settings-title">Encryption key</h2>
      <p className="small muted">
        This wallet uses a passphrase-protected key: its encrypted backup is stored with your public key in the KeyDirectory.
      </p>
      {create.isSuccess ? (
        <p className="callout callout-info" role="status" data-testid="passphrase-changed">
          Your new key and its backup under the new passphrase are published, and this tab uses the new key. {NEW_KEY_NOTICE}
        </p>
      ) : (
        <NewPassphraseForm
          label="Change your passphrase"
          submitLabel="Change passphrase (new key)"
          pending={create.isPending}
          error={create.error}
          onSubmit={change}
        >
          <h3>Change your passphrase</h3>
          <p className="callout callout-info small" data-testid="change-passphrase-notice">
            {NEW_KEY_NOTICE}
          </p>
        </NewPassphraseForm>
      )}
    </section>
  );
}
