import type { RegistryEventName } from "../../../core/chain/registryLogs.js";
import { fakeEndpoint } from "../chain/fakeEndpoint.js";
import { REGISTRY, registryLog } from "../chain/registryLogs.js";

/**
 * The registry's logs served by an in-process node (fakeEndpoint: `eth_blockNumber`,
 * `eth_getLogs` with topic positions ANDed and alternatives ORed, `eth_getBlockByNumber`) to a
 * real viem PublicClient. `emit` mines one block holding the given events; `getLogsCalls` records
 * each log filter asked for.
 */
export function memoryRegistryRpc() {
  const endpoint = fakeEndpoint();
  return {
    client: endpoint.client,
    registry: REGISTRY,
    getLogsCalls: endpoint.getLogsRanges,
    get head() {
      return endpoint.head;
    },
    /** Mines one block with these events, in order. */
    emit(...events: [RegistryEventName, Record<string, unknown>][]) {
      return endpoint.emit(
        ...events.map(([eventName, args]) => {
          const { topics, data } = registryLog(eventName, args, { blockNumber: 0n, logIndex: 0 });
          return { address: REGISTRY, topics, data };
        }),
      );
    },
  };
}
