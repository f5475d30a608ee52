"use client";
import { blo } from "blo";
import { getAddress, isAddress, type Address } from "viem";
import { useEnsName } from "../hooks/useEnsName";
import { shortAddress } from "../lib/format";

interface Props {
  address: Address;
  testId?: string;
}

/**
 * How Cairn shows an account, everywhere: a deterministic blockies avatar (blo) and the ENS name
 * when the chain has one, then the address itself: `0x1234 5678…9abc def0` (64 bits, too many to
 * grind a look-alike vanity address). The full address is the tooltip. A name or an
 * avatar can be imitated; only the safety number (next to members and in 1:1 headers) proves a key.
 */
export function AddressLabel({ address, testId }: Props) {
  const valid = isAddress(address, { strict: false });
  const ens = useEnsName(valid ? address : undefined);
  if (!valid) return <span className="mono">{address}</span>;
  const checksummed = getAddress(address);
  return (
    <span className="address-label" title={checksummed} data-testid={testId} data-address={address.toLowerCase()}>
      <img className="address-avatar" src={blo(address)} alt="" width={16} height={16} />
      {ens && (
        <span className="address-ens" data-testid="address-ens">
          {ens}
        </span>
      )}
      <span className="mono address-hex">{shortAddress(checksummed)}</span>
    </span>
  );
}
