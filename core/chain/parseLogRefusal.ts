/**
 * Why an endpoint refused an `eth_getLogs` call, read from its error text:
 * - `range`: the endpoint caps the block range (a property of the endpoint);
 * - `results`: this range holds too many logs, or too large an answer (a property of the data);
 * - `timeout`: the query ran too long (also a property of the data and the endpoint's load).
 */
export type LogRefusal = {
  kind: "range" | "results" | "timeout";
  /** The largest block count the endpoint says it accepts, when the message names one. */
  maxBlocks?: bigint;
  /** The block count of a range the endpoint suggests instead, when it names one. */
  suggestedBlocks?: bigint;
};

/**
 * Messages of real providers and nodes that state their block-range cap; group 1 is the cap.
 * Infura `range 1000000 exceeds limit of 10000` (-32602); Alchemy `You can make eth_getLogs
 * requests with up to a 500 block range` (-32600, also `2K`); QuickNode `eth_getLogs is limited to
 * a 10,000 range` (-32614, HTTP 413); BlockPI `limited to 1000 block`; publicnode, BSC and geth
 * forks `exceed maximum block range: 5000` (-32000); reth and Base nodes `query exceeds max block
 * range 100000`; Ankr `maximum [from, to] blocks distance: 10000`; Moonbeam `block range is too wide
 * (maximum 1024)`; Coinbase `please limit the query to at most 1,000 blocks`; dRPC `ranges over
 * 10000 blocks are not supported on freetier`; Tenderly `range 9009594 is bigger than range limit
 * 2000`; Cloudflare `Max range: 800`; Avalanche `maximum is set to 2048`; thirdweb `Maximum allowed
 * number of requested blocks is 1000`; Morph `max block range = 5000`; Blast `exceeds the range
 * allowed for your plan (5000 > 500)`.
 */
const STATED_CAPS: readonly RegExp[] = [
  /exceeds limit of (\d[\d,._]*k?)/i,
  /up to an? (\d[\d,._]*k?) block range/i,
  /limited to an? (\d[\d,._]*k?)(?: blocks?)? range/i,
  /limited to (\d[\d,._]*k?) blocks?/i,
  /max(?:imum)? block range(?: is)?\s*[:=]?\s*(\d[\d,._]*k?)/i,
  /maximum \[from, to\] blocks distance:\s*(\d[\d,._]*)/i,
  /too wide \(maximum (\d[\d,._]*)\)/i,
  /at most (\d[\d,._]*k?) blocks/i,
  /ranges? over (\d[\d,._]*k?) blocks/i,
  /range limit (\d[\d,._]*k?)/i,
  /max range:?\s*(\d[\d,._]*k?)/i,
  /maximum is set to (\d[\d,._]*)/i,
  /maximum allowed number of requested blocks is (\d[\d,._]*)/i,
  /allowed for your plan \(\d+ > (\d+)\)/i,
  /block range (?:greater than|exceeds) (\d[\d,._]*k?)/i,
  /max is (\d[\d,._]*k?) blocks/i,
];

/** A block-range cap without a number (Ankr `block range is too wide`, Optimism `Block range is too large`, Chainstack `Block range limit exceeded`, Scroll `block range is bigger than maxBlockRange`, Candle `block range too high`). */
const RANGE = /block range (is )?(too (large|wide|big|high)|bigger than|larger than)|range (is )?too (large|wide|big)|block range limit|exceed(s|ed)? (the )?max(imum)? (block )?range|too many blocks|requested too many blocks/i;

/**
 * Too many logs or too large an answer for this range: Infura, zkSync and Polygon `query returned
 * more than 10000 results` (-32005, -32602); Alchemy `Log response size exceeded`; reth `query
 * exceeds max results 20000, retry with the range 100-200`; Arbitrum `logs matched by query
 * exceeds limit of 10000`; Optimism `backend response too large`; 1RPC `response size should not
 * greater than …`.
 */
const RESULTS = /query returned more than|response size|exceeds max results|logs matched by query exceeds|response too large|too many (results|logs)|max(imum)? results/i;

/** The query took too long: Infura `query timeout exceeded` (-32005), geth/erigon `context deadline exceeded`. */
const TIMEOUT = /timeout exceeded|deadline exceeded|query timed? ?out|execution timeout|statement timeout/i;

/** A suggested range: `[0x1, 0x2]` (Infura, Alchemy, zkSync) or `range 100-200` (reth). */
const SUGGESTED = /\[\s*(0x[\da-f]+|\d+)\s*,\s*(0x[\da-f]+|\d+)\s*\]|range (\d+)\s*-\s*(\d+)/i;

/** `10,000`, `10_000`, `10.000` or `2K` as a block count. */
function blockCount(text: string): bigint | undefined {
  const kilo = /k$/i.test(text);
  const digits = text.replace(/[,._k]/gi, "");
  if (!/^\d+$/.test(digits)) return undefined;
  const count = BigInt(digits) * (kilo ? 1_000n : 1n);
  return count > 0n ? count : undefined;
}

function suggestedBlocks(text: string): bigint | undefined {
  const match = SUGGESTED.exec(text);
  if (!match) return undefined;
  const [from, to] = match[1] !== undefined ? [match[1], match[2]] : [match[3], match[4]];
  const count = BigInt(to) - BigInt(from) + 1n;
  return count > 0n ? count : undefined;
}

function statedCap(text: string): bigint | undefined {
  for (const pattern of STATED_CAPS) {
    const match = pattern.exec(text);
    const count = match ? blockCount(match[1]) : undefined;
    if (count !== undefined) return count;
  }
  return undefined;
}

/**
 * Reads an `eth_getLogs` refusal from an error's text (and HTTP status); undefined when the text
 * says nothing about the range, the result size or a query timeout. A result-size message wins
 * over the range cap it may also quote (Alchemy's names both).
 */
export function parseLogRefusal(text: string, status?: number): LogRefusal | undefined {
  const suggested = suggestedBlocks(text);
  const withSuggestion = (refusal: LogRefusal): LogRefusal => (suggested === undefined ? refusal : { ...refusal, suggestedBlocks: suggested });
  if (RESULTS.test(text)) return withSuggestion({ kind: "results" });
  const maxBlocks = statedCap(text);
  if (maxBlocks !== undefined) return withSuggestion({ kind: "range", maxBlocks });
  if (RANGE.test(text)) return withSuggestion({ kind: "range" });
  if (TIMEOUT.test(text) || status === 408 || status === 504) return { kind: "timeout" };
  if (status === 413) return { kind: "results" };
  return undefined;
}
