"use client";
import { useIpfs } from "../hooks/useIpfs";
import { describeError } from "../lib/describeError";

/** The browser IPFS node's state, with a retry after a failed start. */
export function IpfsStatus() {
  const ipfs = useIpfs();
  return (
    <p className="small muted" data-testid="ipfs-status" data-state={ipfs.status} role="status">
      {ipfs.isPending && "IPFS: starting your node…"}
      {ipfs.data && `IPFS: connected as …${ipfs.data.node.peerId.slice(-6)}`}
      {ipfs.error && (
        <>
          IPFS: {describeError(ipfs.error)}{" "}
          <button type="button" className="button button-small" onClick={() => ipfs.refetch()} disabled={ipfs.isFetching}>
            Retry
          </button>
        </>
      )}
    </p>
  );
}
