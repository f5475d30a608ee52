"use client";
import { useEffect, useId, useMemo, useState, type FormEvent } from "react";
import { bytesToHex, hexToBytes, isHex } from "viem";
import { MIN_PASSPHRASE_LENGTH } from "../../core/crypto/constants";
import { useFallbackKey, type CreatedFallbackKey } from "../hooks/useFallbackKey";
import { describeError } from "../lib/describeError";

function FallbackError({ error }: { error: unknown }) {
  return (
    <p className="callout callout-error small" role="alert" data-testid="fallback-error">
      {describeError(error)}
    </p>
  );
}

/** Shows the new key's backup (hex and a file to download) until the user says it is saved. */
function BackupReady({ created, onDone }: { created: CreatedFallbackKey; onDone: () => void }) {
  const hex = bytesToHex(created.backup);
  const url = useMemo(() => URL.createObjectURL(new Blob([created.backup as BlobPart], { type: "application/octet-stream" })), [created]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <div className="form-card" data-testid="backup-ready">
      <p>
        Your new key is published. Keep this encrypted backup (81 bytes): with your passphrase it restores the key on another
        device or browser. Cairn stores it nowhere; without it and the passphrase, your private channels cannot be read elsewhere.
      </p>
      <textarea className="mono small" readOnly rows={3} value={hex} data-testid="backup-text" aria-label="Encrypted key backup" />
      <div className="row">
        <a className="button" href={url} download={`cairn-key-backup-${created.address.toLowerCase()}.bin`} data-testid="backup-download">
          Download backup
        </a>
        <button type="button" className="button button-primary" data-testid="backup-saved" onClick={onDone}>
          I saved it, continue
        </button>
      </div>
    </div>
  );
}

function CreateFallback() {
  const { create, finish } = useFallbackKey();
  const [passphrase, setPassphrase] = useState("");
  const [confirm, setConfirm] = useState("");
  const id = useId();
  const tooShort = [...passphrase.normalize("NFKC")].length < MIN_PASSPHRASE_LENGTH;
  const mismatch = confirm !== passphrase;

  if (create.data) return <BackupReady created={create.data} onDone={() => finish(create.data)} />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!tooShort && !mismatch) create.mutate(passphrase);
  };
  return (
    <form className="form-card" onSubmit={submit} aria-label="Create a passphrase-protected key">
      <h2>Use a passphrase-protected key</h2>
      <p className="small">
        Cairn makes a random encryption key, encrypts a backup of it under your passphrase (scrypt, AES-256-GCM) and publishes its
        public key (one transaction). You keep the backup.
      </p>
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
      {create.error && <FallbackError error={create.error} />}
      <button type="submit" className="button button-primary" data-testid="passphrase-submit" disabled={tooShort || mismatch || create.isPending}>
        {create.isPending ? "Encrypting and publishing…" : "Create key and backup"}
      </button>
    </form>
  );
}

/** Restores a backup (pasted as hex, or a file) with its passphrase. */
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
      <h2>Restore your key from its backup</h2>
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
      <p className="small muted">Already set up Cairn with a passphrase on another device? Restore that key instead:</p>
      <RestoreFallback />
    </div>
  );
}
