"use client";
import { useState } from "react";
import { useAccount, useConnect, useDisconnect, type Connector } from "wagmi";
import { useNotify } from "../hooks/useNotify";
import { useWalletChoices } from "../hooks/useWalletChoices";
import { AddressLabel } from "./AddressLabel";

/**
 * Connect button and, once connected, the account. With a single available wallet the
 * button connects at once; with several it opens a short list.
 */
export function ConnectWallet() {
  const { address, status, connector } = useAccount();
  const { connect, isPending } = useConnect();
  const { disconnect } = useDisconnect();
  const choices = useWalletChoices();
  const { notifyError } = useNotify();
  const [open, setOpen] = useState(false);

  const connectWith = (choice: Connector) => {
    setOpen(false);
    connect({ connector: choice }, { onError: (error) => notifyError(error, "Could not connect") });
  };

  if (address && status === "connected") {
    return (
      <div className="account">
        <span className="account-dot" aria-hidden />
        <span className="account-address">
          <AddressLabel address={address} testId="account-address" />
        </span>
        <span className="muted small">{connector?.name}</span>
        <button type="button" className="button button-ghost" onClick={() => disconnect()}>
          Disconnect
        </button>
      </div>
    );
  }

  const onClick = () => {
    if (choices.length === 1) connectWith(choices[0]);
    else setOpen((v) => !v);
  };

  return (
    <div className="connect">
      <button
        type="button"
        className="button button-primary"
        data-testid="connect-wallet"
        onClick={onClick}
        disabled={isPending || status === "reconnecting"}
        aria-haspopup="menu"
        aria-expanded={open}
      >
        {isPending ? "Connecting…" : status === "reconnecting" ? "Reconnecting…" : "Connect wallet"}
      </button>
      {open && (
        <div className="menu" role="menu">
          {choices.length === 0 && (
            <p className="muted small menu-empty">
              No wallet found. Install a browser wallet (any EIP-1193 / EIP-6963 wallet), then reload.
            </p>
          )}
          {choices.map((choice) => (
            <button key={choice.uid} type="button" role="menuitem" className="menu-item" data-testid="wallet-option" onClick={() => connectWith(choice)}>
              {choice.icon && <img src={choice.icon} alt="" width={20} height={20} />}
              {choice.name}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
