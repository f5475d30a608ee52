import { bytesToHex, createPublicClient, custom, formatLog, hexToBytes, HttpRequestError, keccak256, RpcRequestError, toHex, type Address, type Hex, type Log, type PublicClient } from "viem";

export type FakeLog = { address: Address; topics: Hex[]; data: Hex; blockNumber: bigint; logIndex: number; transactionHash: Hex };
type Filter = { address?: Address | Address[]; topics?: (Hex | Hex[] | null)[]; fromBlock: Hex; toBlock: Hex };
/** How an endpoint words a refusal: JSON-RPC code and message, and the HTTP status it comes with. */
export type Refusal = { code: number; message: string; status?: number };

/** Real providers' refusals (see core/chain/parseLogRefusal.ts for their sources). */
export const PROVIDERS = {
  infuraRange: (cap: bigint, blocks: bigint): Refusal => ({ code: -32602, message: `range ${blocks} exceeds limit of ${cap}` }),
  alchemyRange: (cap: bigint, _blocks: bigint, from: bigint): Refusal => ({
    code: -32600,
    message: `You can make eth_getLogs requests with up to a ${cap} block range. Based on your parameters, this block range should work: [${toHex(from)}, ${toHex(from + cap - 1n)}]`,
    status: 400,
  }),
  quicknodeRange: (cap: bigint): Refusal => ({ code: -32614, message: `eth_getLogs is limited to a ${cap.toLocaleString("en-US")} range`, status: 413 }),
  publicnodeRange: (cap: bigint): Refusal => ({ code: -32000, message: `exceed maximum block range: ${cap}` }),
  baseRange: (cap: bigint): Refusal => ({ code: -32000, message: `query exceeds max block range ${cap}` }),
  ankrRange: (): Refusal => ({ code: -32600, message: "block range is too wide" }),
  unknownRange: (): Refusal => ({ code: -32000, message: "invalid block range params" }),
  infuraResults: (cap: number, from: bigint, suggestedTo: bigint): Refusal => ({
    code: -32005,
    message: `query returned more than ${cap} results. Try with this block range [${toHex(from)}, ${toHex(suggestedTo)}].`,
  }),
  alchemyResults: (): Refusal => ({ code: -32602, message: "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response." }),
} as const;

export type EndpointOptions = {
  /** Largest block count of one eth_getLogs (default none) and how the refusal is worded. */
  rangeCap?: bigint;
  rangeRefusal?: (cap: bigint, blocks: bigint, from: bigint) => Refusal;
  /** Largest number of logs in one answer (default none). */
  resultCap?: number;
  /** Whether the result-cap refusal suggests a range (Infura) or not (Alchemy). */
  suggestRange?: boolean;
  /** Send `blockTimestamp` with every log (newer geth, reth), as a node may. */
  logTimestamps?: boolean;
  /** Seconds between block timestamps (default 12). */
  blockSeconds?: bigint;
  /** Send each block's logs bloom (of its logs' addresses and topics), as nodes do. */
  blooms?: boolean;
  /** Answers eth_call (the transaction's `to` and `data`); without it eth_call is not served. */
  call?: (tx: { to?: Address; data: Hex }) => Hex;
};

/** The 2,048-bit logs bloom of these logs' addresses and topics (Yellow Paper M3:2048). */
function bloomOf(logs: readonly FakeLog[]): Hex {
  const bloom = new Uint8Array(256);
  for (const value of logs.flatMap((log) => [log.address, ...log.topics])) {
    const hash = hexToBytes(keccak256(value));
    for (let pair = 0; pair < 6; pair += 2) {
      const bit = ((hash[pair] << 8) | hash[pair + 1]) & 2047;
      bloom[255 - (bit >> 3)] |= 1 << (bit & 7);
    }
  }
  return bytesToHex(bloom);
}

const url = "http://fake-endpoint.invalid";
const matches = (wanted: Hex | Hex[] | null | undefined, actual: Hex | undefined) =>
  wanted === null || wanted === undefined || [wanted].flat().some((topic) => topic.toLowerCase() === actual?.toLowerCase());

/**
 * An in-process JSON-RPC endpoint over a viem PublicClient (custom transport) that answers
 * eth_chainId, eth_blockNumber, eth_getBlockByNumber and eth_getLogs like a node behind a public
 * provider: an optional block-range cap and result cap with the providers' own refusals, 429s
 * with Retry-After on demand, reorgs, and a count of every request by method.
 */
export function fakeEndpoint(options: EndpointOptions = {}) {
  let head = 0n;
  let logs: FakeLog[] = [];
  const salts = new Map<bigint, number>();
  let forks = 0;
  let throttled = 0;
  let retryAfter: string | undefined;
  const counts: Record<string, number> = {};
  const getLogsRanges: { fromBlock: bigint; toBlock: bigint; refused: boolean; topics?: Filter["topics"] }[] = [];
  const hashOf = (n: bigint): Hex => keccak256(toHex(`${n}:${salts.get(n) ?? 0}`));
  const timestampOf = (n: bigint) => 1_700_000_000n + n * (options.blockSeconds ?? 12n);
  const header = (n: bigint) => ({
    number: toHex(n),
    hash: hashOf(n),
    parentHash: n === 0n ? `0x${"0".repeat(64)}` : hashOf(n - 1n),
    timestamp: toHex(timestampOf(n)),
    transactions: [],
    ...(options.blooms ? { logsBloom: bloomOf(logs.filter((log) => log.blockNumber === n)) } : {}),
  });
  const served = (log: FakeLog) => ({
    ...log,
    blockNumber: toHex(log.blockNumber),
    blockHash: hashOf(log.blockNumber),
    logIndex: toHex(log.logIndex),
    transactionIndex: "0x0",
    removed: false,
    ...(options.logTimestamps ? { blockTimestamp: toHex(timestampOf(log.blockNumber)) } : {}),
  });
  const refuse = ({ code, message, status }: Refusal) => new RpcRequestError({ body: {}, url, error: { code, message }, status });

  const request = async ({ method, params }: { method: string; params?: unknown }) => {
    counts[method] = (counts[method] ?? 0) + 1;
    if (throttled > 0) {
      throttled--;
      throw new HttpRequestError({ url, status: 429, details: "Too Many Requests", headers: new Headers(retryAfter ? { "retry-after": retryAfter } : {}) });
    }
    switch (method) {
      case "eth_chainId":
        return toHex(31337);
      case "eth_blockNumber":
        return toHex(head);
      case "eth_getBlockByNumber": {
        const [tag] = params as [Hex | "latest"];
        const n = tag === "latest" ? head : BigInt(tag);
        return n > head ? null : header(n);
      }
      case "eth_getLogs": {
        const [filter] = params as [Filter];
        const [from, to] = [BigInt(filter.fromBlock), BigInt(filter.toBlock)];
        const blocks = to - from + 1n;
        const entry = { fromBlock: from, toBlock: to, refused: true, topics: filter.topics };
        getLogsRanges.push(entry);
        if (options.rangeCap !== undefined && blocks > options.rangeCap) {
          throw refuse((options.rangeRefusal ?? PROVIDERS.infuraRange)(options.rangeCap, blocks, from));
        }
        const addresses = filter.address === undefined ? undefined : [filter.address].flat().map((a) => a.toLowerCase());
        const found = logs
          .filter((log) => log.blockNumber >= from && log.blockNumber <= to)
          .filter((log) => !addresses || addresses.includes(log.address.toLowerCase()))
          .filter((log) => (filter.topics ?? []).every((wanted, i) => matches(wanted, log.topics[i])));
        if (options.resultCap !== undefined && found.length > options.resultCap) {
          const fits = found[options.resultCap].blockNumber - 1n;
          throw refuse(options.suggestRange ? PROVIDERS.infuraResults(options.resultCap, from, fits >= from ? fits : from) : PROVIDERS.alchemyResults());
        }
        entry.refused = false;
        return found.map(served);
      }
      case "eth_call":
        if (options.call) return options.call((params as [{ to?: Address; data: Hex }])[0]);
        throw new Error("fakeEndpoint: eth_call is not served");
      default:
        throw new Error(`fakeEndpoint: ${method} is not served`);
    }
  };

  const client = createPublicClient({ transport: custom({ request }) }) as PublicClient;
  return {
    client,
    counts,
    getLogsRanges,
    get head() {
      return head;
    },
    /** Requests made so far, all methods. */
    total: () => Object.values(counts).reduce((sum, n) => sum + n, 0),
    hashOf,
    timestampOf,
    /** The logs whose topic 1 is `topic`, as eth_getLogs gives them (formatted by viem), without a request. */
    peek: (topic: Hex, fromBlock = 0n, toBlock = head): Log[] =>
      logs
        .filter((log) => log.topics[1]?.toLowerCase() === topic.toLowerCase() && log.blockNumber >= fromBlock && log.blockNumber <= toBlock)
        .map((log) => formatLog(served(log) as never)),
    /** Mines `count` empty blocks. */
    mine(count = 1n) {
      head += count;
      return head;
    },
    /** Mines one block holding these logs (in order) and returns its number. */
    emit(...items: Omit<FakeLog, "blockNumber" | "logIndex" | "transactionHash">[]) {
      head++;
      items.forEach((item, logIndex) => logs.push({ ...item, blockNumber: head, logIndex, transactionHash: keccak256(toHex(`${head}:${logIndex}:${item.data}`)) }));
      return head;
    },
    /** Drops every block above `toBlock` (and their logs): the chain's head is `toBlock` again, and blocks mined from now on get new hashes. */
    rollback(toBlock: bigint) {
      forks++;
      for (let n = toBlock + 1n; n <= head + 64n; n++) salts.set(n, forks);
      logs = logs.filter((log) => log.blockNumber <= toBlock);
      head = toBlock;
    },
    /** Answers the next `count` requests with HTTP 429 (and Retry-After in seconds, when given). */
    throttle(count: number, retryAfterSeconds?: number) {
      throttled = count;
      retryAfter = retryAfterSeconds === undefined ? undefined : String(retryAfterSeconds);
    },
  };
}

export type FakeEndpoint = ReturnType<typeof fakeEndpoint>;
