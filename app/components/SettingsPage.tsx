"use client";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { describeError } from "../lib/describeError";
import { savePresenceEnabled } from "../lib/presenceSettings";
import { usePresenceEnabled } from "../hooks/usePresenceEnabled";
import { defaultPinningSettings, readPinningSettings, savePinningSettings, subscribePinningSettings } from "../lib/pinningSettings";
import { PinningSignOut } from "./PinningSignOut";

type Check = { state: "idle" } | { state: "checking" } | { state: "done"; signIn: boolean; car: boolean } | { state: "failed"; error: unknown };

/**
 * With a token, lists one pin (the token must be accepted); without, asks for a sign-in nonce
 * (only a service with wallet sign-in, such as Cairn's node, gives one). Then asks for `/health`
 * (only Cairn's node has it, with `POST /car`).
 */
async function checkService(url: string, token: string): Promise<Check> {
  const { createPinningClient, PinningSignInError, readPinningHealth } = await import("@cairn/core/ipfs");
  const base = url.replace(/\/+$/, "");
  try {
    if (token) await createPinningClient({ url, token, maxAttempts: 1 }).list({ limit: 1 });
    else {
      const challenge = await fetch(`${base}/auth/challenge`, { method: "POST", cache: "no-store" });
      if (!challenge.ok) throw new PinningSignInError(challenge.status, "this service has no wallet sign-in; enter the token it gave you");
    }
  } catch (error) {
    return { state: "failed", error };
  }
  const car = await readPinningHealth(base).then(
    () => true,
    () => false,
  );
  return { state: "done", signIn: !token, car };
}

/**
 * Settings: which IPFS pinning service keeps this browser's files and messages alive. Stored
 * in this browser's localStorage and used by every send from then on.
 */
export function SettingsPage() {
  const presenceOn = usePresenceEnabled();
  const saved = useSyncExternalStore(subscribePinningSettings, readPinningSettings, () => defaultPinningSettings);
  const [url, setUrl] = useState(saved.url);
  const [token, setToken] = useState(saved.token);
  // The first render (server and hydration) has the defaults; show the saved values once read,
  // and whatever is saved later (this tab or another).
  const [shown, setShown] = useState(saved);
  if (shown !== saved) {
    setShown(saved);
    setUrl(saved.url);
    setToken(saved.token);
  }
  const [message, setMessage] = useState<string | null>(null);
  const [check, setCheck] = useState<Check>({ state: "idle" });

  const save = (event: FormEvent) => {
    event.preventDefault();
    try {
      savePinningSettings({ url, token });
      setMessage("Saved. New messages and files are pinned there.");
    } catch (error) {
      setMessage(describeError(error));
    }
  };
  const reset = () => {
    savePinningSettings(null);
    setUrl(defaultPinningSettings.url);
    setToken(defaultPinningSettings.token);
    setMessage("Back to the default pinning node.");
  };
  const test = async () => {
    setCheck({ state: "checking" });
    setCheck(await checkService(url, token));
  };

  return (
    <section className="center-panel" aria-labelledby="settings-title" data-testid="settings">
      <h1 id="settings-title">Settings</h1>
      <h2>Pinning service</h2>
      <p className="small muted">
        Your browser keeps the encrypted blocks of what you send; a pinning service keeps them available when your browser is
        closed. Any IPFS Pinning Service API works: it pins by CID, fetching the blocks from your browser, which must stay open
        until it is done (your browser is reachable through the Cairn node it is connected to). Cairn&apos;s own node also accepts
        a direct upload (CAR), much faster for files, used whenever the service offers it. The default is the node this app was
        configured with ({defaultPinningSettings.url}).
      </p>
      <form className="settings-form" onSubmit={save}>
        <label>
          Service URL
          <input data-testid="pinning-url" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />
        </label>
        <label>
          Access token (only for a service that issues its own)
          <input data-testid="pinning-token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
        </label>
        <p className="small muted">
          Leave it empty for Cairn&apos;s node: the first time you send, your wallet asks you to sign in to the service (a message
          for this site, valid a few minutes), and the service gives your account its own token for a week. Your pins belong to
          your account; nobody else can list or remove them. Tokens are kept in this browser&apos;s localStorage. They are not your
          keys: they cannot read your messages or act for your wallet, but whoever has one can use your pinning quota.
        </p>
        <div className="attachment-actions">
          <button type="submit" className="button button-primary" data-testid="save-settings">
            Save
          </button>
          <button type="button" className="button" data-testid="test-settings" onClick={() => void test()} disabled={check.state === "checking"}>
            {check.state === "checking" ? "Testing…" : "Test connection"}
          </button>
          <button type="button" className="button button-ghost" data-testid="reset-settings" onClick={reset}>
            Use default
          </button>
        </div>
      </form>
      {message && (
        <p role="status" data-testid="settings-status">
          {message}
        </p>
      )}
      {check.state === "done" && (
        <p role="status" data-testid="settings-check">
          {check.signIn ? "The service signs you in with your wallet." : "The service accepts the token."}{" "}
          {check.car
            ? "It is a Cairn node: files are uploaded directly (CAR)."
            : "It is not a Cairn node: it will pin by CID, fetching from your browser (slower for large files)."}
        </p>
      )}
      {check.state === "failed" && (
        <p role="alert" data-testid="settings-check">
          {describeError(check.error)}
        </p>
      )}
      {!saved.token && <PinningSignOut url={saved.url} />}
      <h2>Presence</h2>
      <label className="settings-switch">
        <input type="checkbox" data-testid="presence-switch" checked={presenceOn} onChange={(e) => savePresenceEnabled(e.target.checked)} />
        Show when I am online and typing, and see it of others
      </label>
      <p className="small muted">
        Members of a channel see you online while Cairn is open, and &ldquo;typing…&rdquo; while you write. It travels encrypted to the
        channel&apos;s members only. Switched off, this browser sends nothing of it.
      </p>
    </section>
  );
}
