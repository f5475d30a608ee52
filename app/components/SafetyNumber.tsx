"use client";
import type { Address } from "viem";
import { safetyNumber } from "@cairn/core/crypto";
import { useIdentity } from "../hooks/useIdentity";

/**
 * The safety number of the viewer's key and `peer`'s published key (PROTOCOL.md §4): the same
 * 60 digits on both sides; comparing them out of band detects a substituted key. Shown as a
 * monospace block of 3 lines of 4 groups (`inline`: one line, for a header); the text itself
 * stays "12345 67890 …" either way, so it can be copied and compared as is.
 */
export function SafetyNumber({ peer, peerKey, inline = false }: { peer: Address; peerKey: Uint8Array | null | undefined; inline?: boolean }) {
  const { identity } = useIdentity();
  if (!identity) return null;
  if (!peerKey) {
    return (
      <span className="small muted" data-testid="safety-number-missing" data-peer={peer.toLowerCase()}>
        no published key
      </span>
    );
  }
  const number = safetyNumber({ address: identity.address, publicKey: identity.keys.publicKey }, { address: peer, publicKey: peerKey });
  return (
    <code
      className={inline ? "safety-number safety-number-inline" : "safety-number"}
      data-testid="safety-number"
      data-peer={peer.toLowerCase()}
      title="Compare with theirs out of band"
    >
      {number}
    </code>
  );
}
