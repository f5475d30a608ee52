import { bytesToHex, encodeAbiParameters, hexToBigInt, keccak256, type Address, type Hex } from "viem";
import { randomBytes } from "../encoding/index.js";

/**
 * The id the registry gives the channel `creator` creates with `salt`
 * (`ChannelRegistry.channelIdFor`): uint256(keccak256(abi.encode(creator, salt))) >> 161, 95 bits.
 * It is known before the creating transaction, so epoch 1 is sealed to the real id.
 */
export function channelIdFor(creator: Address, salt: Hex): bigint {
  return hexToBigInt(keccak256(encodeAbiParameters([{ type: "address" }, { type: "bytes32" }], [creator, salt]))) >> 161n;
}

/** A fresh channel salt: 32 bytes from the CSPRNG, so nobody can predict or claim the id first. */
export function newChannelSalt(): Hex {
  return bytesToHex(randomBytes(32));
}
