"use client";
import { useState } from "react";
import { formatEther, formatGwei } from "viem";
import { DEFAULT_SESSION_SECONDS } from "@cairn/core/session";
import { useIdentity } from "../hooks/useIdentity";
import { useSessionKey } from "../hooks/useSessionKey";
import { useIdentityPersistence } from "../hooks/useIdentityPersistence";
import { describeError } from "../lib/describeError";

const DEFAULT_MESSAGES = 200;

function MutationError({ error }: { error: unknown }) {
  return error ? (
    <p className="small" role="alert" data-testid="session-key-error">
      {describeError(error)}
    </p>
  ) : null;
}

/**
 * Fast sending: one wallet confirmation authorises and funds a session key (expiry and funding
 * shown before signing); then messages go out without confirmations. Shows expiry, balance and
 * messages left, with top-up and revoke; says when posts fall back to the wallet.
 */
export function SessionKeyPanel() {
  const { identity } = useIdentity();
  const sessionKey = useSessionKey();
  useIdentityPersistence();
  const [hours, setHours] = useState(Number(DEFAULT_SESSION_SECONDS) / 3600);
  const [messages, setMessages] = useState(DEFAULT_MESSAGES);
  if (!identity) return null;
  const { active, notice, status, enable, topUp, revoke } = sessionKey;
  const funding = sessionKey.fundingFor(messages);
  const busy = enable.isPending || topUp.isPending || revoke.isPending;

  return (
    <section className="session-key" data-testid="session-key-panel" data-state={active ? "active" : "off"} data-key={active?.key.account.address}>
      <h2>Fast sending</h2>
      {notice && (
        <p className="small" role="status" data-testid="session-key-notice">
          {notice}{" "}
          <button type="button" className="button button-small" onClick={sessionKey.dismissNotice}>
            OK
          </button>
        </p>
      )}
      {active ? (
        <>
          <p className="small" data-testid="session-key-status">
            On until <span data-testid="session-key-expiry">{new Date(Number(active.expiry) * 1000).toLocaleString()}</span>
            <br />
            Balance <span data-testid="session-key-balance">{status.data ? formatEther(status.data.balance) : "…"}</span> ETH, about{" "}
            <span data-testid="session-key-messages-left">{status.data?.messagesLeft ?? "…"}</span> messages left
          </p>
          <button type="button" className="button button-small" data-testid="session-key-topup" disabled={busy} onClick={() => topUp.mutate(messages)}>
            {topUp.isPending ? "Topping up…" : `Top up ${messages} messages`}
          </button>{" "}
          <button type="button" className="button button-small" data-testid="session-key-revoke" disabled={busy} onClick={() => revoke.mutate()}>
            {revoke.isPending ? "Revoking…" : "Revoke"}
          </button>
        </>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            enable.mutate({ hours, messages });
          }}
        >
          <p className="small muted">Sign once; then messages go out without a wallet confirmation each.</p>
          <label className="field small">
            Valid for (hours)
            <input type="number" min={1} max={720} step={1} value={hours} data-testid="session-key-hours" onChange={(e) => setHours(Number(e.target.value))} />
          </label>
          <label className="field small">
            Expected messages
            <input type="number" min={1} step={1} value={messages} data-testid="session-key-messages" onChange={(e) => setMessages(Number(e.target.value))} />
          </label>
          <p className="small" data-testid="session-key-funding">
            {funding !== undefined && sessionKey.gasPrice !== undefined
              ? `Funds the key with ${formatEther(funding)} ETH (${messages} × ≈31k gas at ${formatGwei(sessionKey.gasPrice)} gwei)`
              : "Reading the gas price…"}
          </p>
          <button type="submit" className="button button-small" data-testid="session-key-enable" disabled={busy || funding === undefined || !(hours >= 1 && hours <= 720)}>
            {enable.isPending ? "Waiting for your wallet…" : "Enable fast sending"}
          </button>
        </form>
      )}
      <MutationError error={enable.error ?? topUp.error ?? revoke.error} />
    </section>
  );
}
