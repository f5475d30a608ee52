import { createPublicClient, custom, keccak256, toHex, type Hex, type PublicClient } from "viem";
import type { RegistryEventName, RegistryLog } from "../../../core/chain/registryLogs.js";
import { REGISTRY, registryLog } from "../chain/registryLogs.js";

type Filter = { address?: Hex; topics?: (Hex | Hex[] | null)[]; fromBlock: Hex; toBlock: Hex };

const matchesTopic = (wanted: Hex | Hex[] | null | undefined, actual: Hex | undefined) =>
  wanted === null || wanted === undefined || [wanted].flat().some((topic) => topic.toLowerCase() === actual?.toLowerCase());

/** A log as a JSON-RPC node returns it (quantities as hex). */
const rpcLog = (log: RegistryLog) => ({
  address: log.address,
  topics: log.topics,
  data: log.data,
  blockNumber: toHex(log.blockNumber),
  logIndex: toHex(log.logIndex),
  transactionHash: log.transactionHash,
  transactionIndex: toHex(0),
  blockHash: log.blockHash,
  removed: false,
});

/**
 * The registry's logs served over EIP-1193 the way a node answers `eth_blockNumber`,
 * `eth_getLogs` (address, topic positions ANDed, alternatives ORed, inclusive block range) and
 * `eth_getBlockByNumber` (a number or `latest`), to a real viem PublicClient. `emit` mines one block holding the given
 * events; `getLogsCalls` records each log filter asked for.
 */
export function memoryRegistryRpc() {
  const logs: RegistryLog[] = [];
  const getLogsCalls: Filter[] = [];
  let head = 0n;
  const request = async ({ method, params }: { method: string; params?: unknown }) => {
    switch (method) {
      case "eth_chainId":
        return toHex(31337);
      case "eth_blockNumber":
        return toHex(head);
      case "eth_getBlockByNumber": {
        const [tag] = params as [Hex | "latest"];
        const number = tag === "latest" ? head : BigInt(tag);
        const hash = (n: bigint) => keccak256(toHex(n));
        return { number: toHex(number), hash: hash(number), parentHash: hash(number - 1n), timestamp: toHex(1_700_000_000n + number * 2n), transactions: [] };
      }
      case "eth_getLogs": {
        const [filter] = params as [Filter];
        getLogsCalls.push(filter);
        const [from, to] = [BigInt(filter.fromBlock), BigInt(filter.toBlock)];
        return logs
          .filter((log) => log.blockNumber >= from && log.blockNumber <= to)
          .filter((log) => !filter.address || filter.address.toLowerCase() === log.address.toLowerCase())
          .filter((log) => (filter.topics ?? []).every((wanted, i) => matchesTopic(wanted, log.topics[i])))
          .map(rpcLog);
      }
      default:
        throw new Error(`memoryRegistryRpc: ${method} is not served`);
    }
  };
  const client = createPublicClient({ transport: custom({ request }) }) as PublicClient;
  return {
    client,
    registry: REGISTRY,
    getLogsCalls,
    get head() {
      return head;
    },
    /** Mines one block with these events, in order. */
    emit(...events: [RegistryEventName, Record<string, unknown>][]) {
      head++;
      events.forEach(([eventName, args], logIndex) => logs.push(registryLog(eventName, args, { blockNumber: head, logIndex })));
      return head;
    },
  };
}
