import { CairnError } from "../../core/errors.js";
import {
  BlockHashMismatchError,
  InvalidCidError,
  UnsupportedCodecError,
  UnsupportedHashError,
} from "../../core/ipfs/index.js";

/** Core errors that mean the client sent bad content (answered with 400). */
export function isBadContentError(error: unknown): boolean {
  return [BlockHashMismatchError, InvalidCidError, UnsupportedCodecError, UnsupportedHashError].some((type) => error instanceof type);
}

/** The node could not write a block to its store (disk full, permissions): a server fault, answered 500. */
export class BlockWriteError extends CairnError {
  override readonly name: string = "BlockWriteError";
  constructor(cid: string, options: { cause?: unknown } = {}) {
    super("Could not store a block.", { ...options, details: `cid: ${cid}` });
  }
}

/** A request error the pinning API answers with a specific HTTP status. */
export abstract class PinApiError extends CairnError {
  override readonly name: string = "PinApiError";
  abstract readonly httpStatus: number;
  abstract readonly reason: string;
}

/** Missing or wrong bearer token. */
export class PinApiUnauthorizedError extends PinApiError {
  override readonly name: string = "PinApiUnauthorizedError";
  readonly httpStatus = 401;
  readonly reason = "UNAUTHORIZED";
  constructor() {
    super("Missing or invalid access token.");
  }
}

/** The request is malformed (bad JSON, missing field, bad query). */
export class PinApiBadRequestError extends PinApiError {
  override readonly name: string = "PinApiBadRequestError";
  readonly httpStatus = 400;
  readonly reason = "BAD_REQUEST";
  constructor(problem: string, options: { cause?: unknown } = {}) {
    super(problem, options);
  }
}

/** No pin request with this id. */
export class PinNotFoundError extends PinApiError {
  override readonly name: string = "PinNotFoundError";
  readonly httpStatus = 404;
  readonly reason = "NOT_FOUND";
  constructor(requestId: string) {
    super(`No pin request ${requestId}.`);
  }
}

/** Unknown route. */
export class RouteNotFoundError extends PinApiError {
  override readonly name: string = "RouteNotFoundError";
  readonly httpStatus = 404;
  readonly reason = "NOT_FOUND";
  constructor(method: string, path: string) {
    super(`No route ${method} ${path}.`);
  }
}

/** The request body is bigger than the configured limit. */
export class PayloadTooLargeError extends PinApiError {
  override readonly name: string = "PayloadTooLargeError";
  readonly httpStatus = 413;
  readonly reason = "PAYLOAD_TOO_LARGE";
  constructor(limit: number) {
    super(`Request body exceeds ${limit} bytes.`);
  }
}

/** The CAR could not be parsed (bad header, truncated, bad framing, no root). */
export class InvalidCarError extends PinApiError {
  override readonly name: string = "InvalidCarError";
  readonly httpStatus = 400;
  readonly reason = "INVALID_CAR";
  constructor(problem: string, options: { cause?: unknown } = {}) {
    super(`Invalid CAR: ${problem}`, options);
  }
}

/** The CAR parsed but does not contain (nor does the node hold) every block of the DAG under its root. */
export class IncompleteDagError extends PinApiError {
  override readonly name: string = "IncompleteDagError";
  readonly httpStatus = 400;
  readonly reason = "INCOMPLETE_DAG";
  constructor(root: string, missing: string) {
    super(`DAG under ${root} is incomplete: block ${missing} is missing.`);
  }
}

/** `GET /ipfs/<cid>`: this node does not hold the block. */
export class BlockNotHeldError extends PinApiError {
  override readonly name: string = "BlockNotHeldError";
  readonly httpStatus = 404;
  readonly reason = "NOT_FOUND";
  constructor(cid: string) {
    super(`Block ${cid} is not held by this node.`);
  }
}
