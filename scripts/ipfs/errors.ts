import { CairnError } from "@cairn/core/errors";
import {
  BlockHashMismatchError,
  InvalidCidError,
  UnsupportedCodecError,
  UnsupportedHashError,
} from "@cairn/core/ipfs";

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

/** A configured peer is not the API URL of a pinning node (http or https, no query). */
export class InvalidPeerUrlError extends CairnError {
  override readonly name: string = "InvalidPeerUrlError";
  constructor(url: string) {
    super(`Peer ${url} is not a pinning node's API URL (http:// or https://, like the URL browsers use for it).`, { details: `peer: ${url}` });
  }
}

/** A request error the pinning API answers with a specific HTTP status. */
export abstract class PinApiError extends CairnError {
  override readonly name: string = "PinApiError";
  abstract readonly httpStatus: number;
  abstract readonly reason: string;
}

/** Missing, unknown or expired bearer token. */
export class PinApiUnauthorizedError extends PinApiError {
  override readonly name: string = "PinApiUnauthorizedError";
  readonly httpStatus = 401;
  readonly reason = "UNAUTHORIZED";
  constructor() {
    super("Missing or invalid access token: sign in (POST /auth/challenge, then POST /auth/token).");
  }
}

/** A sign-in message or signature was refused (`POST /auth/token`). */
export class SignInRefusedError extends PinApiError {
  override readonly name: string = "SignInRefusedError";
  readonly httpStatus = 401;
  readonly reason = "SIGN_IN_REFUSED";
  constructor(problem: string, options: { cause?: unknown } = {}) {
    super(`Sign-in refused: ${problem}`, options);
  }
}

/** Too many sign-in challenges are outstanding: try again shortly. */
export class TooManyChallengesError extends PinApiError {
  override readonly name: string = "TooManyChallengesError";
  readonly httpStatus = 503;
  readonly reason = "TOO_MANY_CHALLENGES";
  constructor() {
    super("Too many sign-ins in progress; try again shortly.");
  }
}

/** The request comes from a browser origin this node does not serve. */
export class OriginNotAllowedError extends PinApiError {
  override readonly name: string = "OriginNotAllowedError";
  readonly httpStatus = 403;
  readonly reason = "ORIGIN_NOT_ALLOWED";
  constructor(origin: string) {
    super(`Origin ${origin} is not allowed by this pinning node.`);
  }
}

/** The account holds as many pins as its quota allows. */
export class PinCountQuotaError extends PinApiError {
  override readonly name: string = "PinCountQuotaError";
  readonly httpStatus = 403;
  readonly reason = "QUOTA_EXCEEDED";
  constructor(limit: number) {
    super(`Pin count quota reached: an account may hold ${limit} pins.`);
  }
}

/** Storing the DAG would take the account past its byte quota. */
export class ByteQuotaError extends PinApiError {
  override readonly name: string = "ByteQuotaError";
  readonly httpStatus = 413;
  readonly reason = "QUOTA_EXCEEDED";
  constructor(limit: number) {
    super(`Byte quota exceeded: an account may pin ${limit} bytes.`);
  }
}

/** The request body did not arrive within its time limit. */
export class BodyTimeoutError extends PinApiError {
  override readonly name: string = "BodyTimeoutError";
  readonly httpStatus = 408;
  readonly reason = "REQUEST_TIMEOUT";
  constructor(ms: number) {
    super(`The request body did not arrive within ${ms} ms.`);
  }
}

/** Every upload slot is taken: try again shortly (answered 503, which clients retry). */
export class UploadsBusyError extends PinApiError {
  override readonly name: string = "UploadsBusyError";
  readonly httpStatus = 503;
  readonly reason = "BUSY";
  constructor(what: string) {
    super(`Too many uploads in progress (${what}); try again shortly.`);
  }
}

/** `POST /car?upload=<id>` names an upload session this node does not hold (expired, or lost in a restart). */
export class UploadNotFoundError extends PinApiError {
  override readonly name: string = "UploadNotFoundError";
  readonly httpStatus = 404;
  readonly reason = "UPLOAD_NOT_FOUND";
  constructor(id: string) {
    super(`No upload session ${id}: start the upload again from its first part.`);
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

/** A CAR block or root uses an identity multihash (its "block" is inside the CID): never stored. */
export class IdentityCidError extends PinApiError {
  override readonly name: string = "IdentityCidError";
  readonly httpStatus = 400;
  readonly reason = "IDENTITY_CID";
  constructor(cid: string) {
    super(`Identity CIDs are not accepted: ${cid.slice(0, 120)}.`);
  }
}

/** A CAR block that no earlier block of the upload links to (blocks must come root first). */
export class UnreachableBlockError extends PinApiError {
  override readonly name: string = "UnreachableBlockError";
  readonly httpStatus = 400;
  readonly reason = "UNREACHABLE_BLOCK";
  constructor(cid: string, root: string) {
    super(`Block ${cid} is not reachable from ${root} through the blocks sent before it.`);
  }
}

/** A CAR block is bigger than the node accepts. */
export class BlockTooLargeError extends PinApiError {
  override readonly name: string = "BlockTooLargeError";
  readonly httpStatus = 413;
  readonly reason = "BLOCK_TOO_LARGE";
  constructor(limit: number) {
    super(`A block exceeds ${limit} bytes.`);
  }
}

/** The DAG links more blocks than one upload may hold. */
export class DagTooLargeError extends PinApiError {
  override readonly name: string = "DagTooLargeError";
  readonly httpStatus = 413;
  readonly reason = "DAG_TOO_LARGE";
  constructor(limit: number, what: string) {
    super(`The DAG exceeds ${limit} ${what}.`);
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
