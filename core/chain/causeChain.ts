/** The fields Cairn looks at on an error or any of its causes (viem errors, EIP-1193 errors, fetch errors). */
export type ErrorFields = {
  name?: unknown;
  message?: unknown;
  shortMessage?: unknown;
  details?: unknown;
  status?: unknown;
  code?: unknown;
  data?: unknown;
  cause?: unknown;
};

/** The error and every `cause` below it, outermost first (bounded, so a cyclic chain ends). */
export function causeChain(error: unknown): ErrorFields[] {
  const links: ErrorFields[] = [];
  let current: unknown = error;
  while (current !== null && typeof current === "object" && links.length < 16) {
    links.push(current as ErrorFields);
    current = (current as ErrorFields).cause;
  }
  return links;
}

/** The text fields of a JSON-RPC error's `data`, one level deep (some endpoints explain a refusal there, e.g. `data.payload`). */
const dataText = (data: unknown): unknown[] => (data !== null && typeof data === "object" ? Object.values(data) : [data]);

/** The human-readable parts of one link (short message, details, message, text in `data`), joined. */
export function errorText(link: ErrorFields): string {
  return [link.shortMessage, link.details, link.message, ...dataText(link.data)].filter((part) => typeof part === "string").join(" ");
}
