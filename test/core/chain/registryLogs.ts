import { encodeAbiParameters, encodeEventTopics, getAbiItem, keccak256, parseEventLogs, toHex, type AbiEvent, type Hex, type Log } from "viem";
import { channelRegistryAbi } from "@cairn/core/contracts";
import type { RegistryEventName, RegistryLog } from "@cairn/core/chain";

export const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;

/**
 * A real ABI-encoded registry log (topics + data exactly as a node returns them), decoded by the
 * same viem parser the chain module uses.
 */
export function registryLog(
  eventName: RegistryEventName,
  args: Record<string, unknown>,
  position: { blockNumber: bigint; logIndex: number },
): RegistryLog {
  const event = getAbiItem({ abi: channelRegistryAbi, name: eventName } as never) as AbiEvent;
  const topics = encodeEventTopics({ abi: [event], eventName, args } as never) as Hex[];
  const inputs = event.inputs.filter((input) => !input.indexed);
  const data = encodeAbiParameters(inputs, inputs.map((input) => args[input.name!]));
  const txHash = keccak256(toHex(`${position.blockNumber}:${position.logIndex}`));
  const log: Log = {
    address: REGISTRY,
    topics: topics as Log["topics"],
    data,
    blockNumber: position.blockNumber,
    logIndex: position.logIndex,
    transactionHash: txHash,
    transactionIndex: 0,
    blockHash: keccak256(toHex(position.blockNumber)),
    removed: false,
  };
  const [decoded] = parseEventLogs({ abi: channelRegistryAbi, logs: [log], strict: true });
  return decoded;
}
