"use client";
import { useEffect, useId, useMemo, useState, type FormEvent, type ReactNode } from "react";
import { bytesToHex, hexToBytes, isHex } from "viem";
import { DecryptionFailedError, isPassphraseLongEnough, MIN_PASSPHRASE_LENGTH } from "@cairn/core/crypto";
import { WrongKeyPassphraseError } from "@cairn/core/chain";
import { useFallbackKey, type CreatedFallbackKey, type StoredBackup } from "../hooks/useFallbackKey";
import { describeError } from "../lib/describeError";

/** A wrong passphrase is by far the likeliest reason a backup does not decrypt (GCM cannot tell): say so. */
function FallbackError({ error }: { error: unknown }) {
  return (
    <p className="callout callout-error small" role="alert" data-testid="fallback-error">
      {error instanceof DecryptionFailedError || error instanceof WrongKeyPassphraseError
        ? "Wrong passphrase: it does not decrypt this backup. Check it and try again."
        : describeError(error)}
    </p>
  );
}

/** Confirms the key and its backup are published; a copy of the backup can be downloaded (optional). */
function BackupReady({ created, onDone }: { created: CreatedFallbackKey; onDone: () => void }) {
  const hex = bytesToHex(created.backup);
  const url = useMemo(() => URL.createObjectURL(new Blob([created.backup as BlobPart], { type: "application/octet-stream" })), [created]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <div className="form-card" data-testid="backup-ready">
      <p>
        Your new key and its encrypted backup (81 bytes) are published in the KeyDirectory. On another device or browser,
        unlock with this wallet and enter your passphrase: nothing else is needed. Remember the passphrase: nobody can
        recover it, and without it your private channels cannot be read elsewhere.
      </p>
      <p className="small muted">
        The backup is public, so its safety rests on the passphrase (scrypt makes each guess slow). A copy of it is optional:
      </p>
      <textarea className="mono small" readOnly rows={3} value={hex} data-testid="backup-text" aria-label="Encrypted key backup" />
      <div className="row">
        <a className="button" href={url} download={`cairn-key-backup-${created.address.toLowerCase()}.bin`} data-testid="backup-download">
          Download a copy
        </a>
        <button type="button" className="button button-primary" data-testid="backup-saved" onClick={onDone}>
          Continue
        </button>
      </div>
    </div>
  );
}

interface NewPassphraseFormProps {
  label: string;
  children: ReactNode;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (passphrase: string) => void;
}

/** A new passphrase, typed twice, at least MIN_PASSPHRASE_LENGTH characters (the backup is public: §11). */
export function NewPassphraseForm({ label, children, submitLabel, pending, error, onSubmit }: NewPassphraseFormProps) {
  const [passphrase, setPassphrase] = useState("");
  const [confirm, setConfirm] = useState("");
  const id = useId();
  const tooShort = !isPassphraseLongEnough(passphrase);
  const mismatch = confirm !== passphrase;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!tooShort && !mismatch) onSubmit(passphrase);
  };
  return (
    <form className="form-card" onSubmit={submit} aria-label={label}>
      {children}
      <label htmlFor={`${id}-p`}>Passphrase (at least {MIN_PASSPHRASE_LENGTH} characters)</label>
      <input id={`${id}-p`} type="password" autoComplete="new-password" data-testid="passphrase-input" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
      <label htmlFor={`${id}-c`}>Repeat the passphrase</label>
      <input
        id={`${id}-c`}
        type="password"
        autoComplete="new-password"
        data-testid="passphrase-confirm"
        value={confirm}
        aria-invalid={confirm !== "" && mismatch}
        onChange={(e) => setConfirm(e.target.value)}
      />
      {error !== null && <FallbackError error={error} />}
      <button type="submit" className="button button-primary" data-testid="passphrase-submit" disabled={tooShort || mismatch || pending}>
        {pending ? "Encrypting and publishing…" : submitLabel}
      </button>
    </form>
  );
}

function CreateFallback() {
  const { create, finish } = useFallbackKey();
  if (create.data) return <BackupReady created={create.data} onDone={() => finish(create.data)} />;
  return (
    <NewPassphraseForm
      label="Create a passphrase-protected key"
      submitLabel="Create key and backup"
      pending={create.isPending}
      error={create.error}
      onSubmit={(passphrase) => create.mutate(passphrase)}
    >
      <h2>Use a passphrase-protected key</h2>
      <p className="small">
        Cairn makes a random encryption key, encrypts a backup of it under your passphrase (scrypt, AES-256-GCM) and publishes
        the public key with the backup (one transaction), so your other devices restore it with the passphrase alone. Anyone
        can read the encrypted backup: choose a long passphrase you do not use elsewhere.
      </p>
    </NewPassphraseForm>
  );
}

/**
 * The wallet's published key has a passphrase backup in the KeyDirectory: the passphrase alone
 * restores it here. A wrong passphrase shows an error and can be retried; a forgotten one
 * leaves only a new key (which replaces the published one).
 */
export function RestoreStoredKey({ stored }: { stored: StoredBackup }) {
  const { restoreStored } = useFallbackKey();
  const [passphrase, setPassphrase] = useState("");
  const [forgot, setForgot] = useState(false);
  const id = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (passphrase) restoreStored.mutate({ stored, passphrase });
  };
  return (
    <div className="fallback" data-testid="restore-stored">
      <form className="form-card" onSubmit={submit} aria-label="Restore your passphrase-protected key">
        <h2>Enter your passphrase</h2>
        <p className="small">
          This wallet uses a passphrase-protected key. Its encrypted backup is stored with your public key in the
          KeyDirectory; your passphrase decrypts it here, in this tab.
        </p>
        <label htmlFor={`${id}-p`}>Passphrase</label>
        <input
          id={`${id}-p`}
          type="password"
          autoComplete="current-password"
          data-testid="restore-passphrase"
          value={passphrase}
          onChange={(e) => {
            setPassphrase(e.target.value);
            restoreStored.reset();
          }}
        />
        {restoreStored.error && <FallbackError error={restoreStored.error} />}
        <button type="submit" className="button button-primary" data-testid="restore-submit" disabled={!passphrase || restoreStored.isPending}>
          {restoreStored.isPending ? "Decrypting…" : "Restore and unlock"}
        </button>
      </form>
      {forgot ? (
        <>
          <p className="small muted">
            A new key replaces the published one. The channels&apos; keys were sealed to the old one: until each channel&apos;s admin
            shares them with the new key (Cairn offers it to them), those channels cannot be read here.
          </p>
          <CreateFallback />
        </>
      ) : (
        <button type="button" className="button" data-testid="restore-forgot" onClick={() => setForgot(true)}>
          Forgot the passphrase? Set up a new key
        </button>
      )}
    </div>
  );
}

/** Restores a backup (pasted as hex, or a file) with its passphrase: an optional extra to the stored backup. */
export function RestoreFallback() {
  const { restore } = useFallbackKey();
  const [text, setText] = useState("");
  const [file, setFile] = useState<Uint8Array | null>(null);
  const [passphrase, setPassphrase] = useState("");
  const id = useId();
  const trimmed = text.trim();
  const backup = file ?? (isHex(trimmed) && trimmed.length > 2 ? hexToBytes(trimmed) : null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (backup && passphrase) restore.mutate({ backup, passphrase });
  };
  return (
    <form className="form-card" onSubmit={submit} aria-label="Restore a key backup">
      <h2>Restore your key from a backup copy</h2>
      <label htmlFor={`${id}-b`}>Backup (hex), or choose the downloaded file</label>
      <textarea id={`${id}-b`} className="mono small" rows={3} data-testid="restore-backup" value={text} onChange={(e) => { setFile(null); setText(e.target.value); }} />
      <input
        type="file"
        data-testid="restore-file"
        aria-label="Backup file"
        onChange={(e) => void e.target.files?.[0]?.arrayBuffer().then((buffer) => setFile(new Uint8Array(buffer)))}
      />
      <label htmlFor={`${id}-p`}>Passphrase</label>
      <input id={`${id}-p`} type="password" autoComplete="current-password" data-testid="restore-passphrase" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
      {restore.error && <FallbackError error={restore.error} />}
      <button type="submit" className="button button-primary" data-testid="restore-submit" disabled={!backup || !passphrase || restore.isPending}>
        {restore.isPending ? "Decrypting…" : "Restore and unlock"}
      </button>
    </form>
  );
}

/**
 * The fallback for wallets whose signatures differ each time (PROTOCOL.md §3.3): a random key
 * backed up under a passphrase, or the restore of such a backup made earlier.
 */
export function PassphraseFallback() {
  return (
    <div className="fallback" data-testid="passphrase-fallback">
      <CreateFallback />
      <p className="small muted">Have a downloaded copy of a key backup? Restore that key instead:</p>
      <RestoreFallback />
    </div>
  );
}
