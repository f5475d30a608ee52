/** IPFS Pinning Service API pin states. */
export type PinState = "queued" | "pinning" | "pinned" | "failed";

/** The pin object as the Pinning Service API names it. */
export interface Pin {
  cid: string;
  name?: string;
  origins?: string[];
  meta?: Record<string, string>;
}

/** Pinning Service API `PinStatus`. */
export interface PinStatus {
  requestid: string;
  status: PinState;
  created: string;
  pin: Pin;
  delegates: string[];
  info?: Record<string, string>;
}

/** Pinning Service API `PinResults` (GET /pins). */
export interface PinResults {
  count: number;
  results: PinStatus[];
}

/** Answer to `POST /car?partial=1` (Cairn extension): blocks stored, not pinned yet. */
export interface CarPartReceipt {
  blocks: number;
  bytes: number;
}

export const PIN_STATES: readonly PinState[] = ["queued", "pinning", "pinned", "failed"];
