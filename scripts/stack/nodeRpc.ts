/**
 * A viem client on a local node, plus a raw request for the Hardhat/EDR methods viem has no
 * typed action for (`evm_mine`, `hardhat_mine`, `evm_setIntervalMining`, …). Every request
 * has a bound (`timeoutMs`) so that a stalled node fails a call instead of hanging it.
 */
import { createPublicClient, http, type PublicClient } from "viem";

export type RawRequest = (method: string, params?: unknown[]) => Promise<unknown>;

export interface NodeRpc {
  client: PublicClient;
  raw: RawRequest;
}

export function nodeRpc(rpcUrl: string, options: { timeoutMs?: number; batchSize?: number } = {}): NodeRpc {
  const client = createPublicClient({
    transport: http(rpcUrl, {
      retryCount: 0,
      timeout: options.timeoutMs ?? 10_000,
      batch: options.batchSize === undefined ? false : { batchSize: options.batchSize },
    }),
  });
  const raw: RawRequest = (method, params = []) =>
    client.request({ method, params } as unknown as Parameters<PublicClient["request"]>[0]) as Promise<unknown>;
  return { client, raw };
}
