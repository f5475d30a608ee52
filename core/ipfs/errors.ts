import { CairnError } from "../errors.js";

export { InvalidCidError } from "../errors.js";

/** The block is not in the local store and the store cannot fetch it. */
export class BlockNotFoundError extends CairnError {
  override readonly name: string = "BlockNotFoundError";
  readonly cid: string;
  constructor(cid: string, options: { cause?: unknown } = {}) {
    super("Block not found.", { ...options, details: `cid: ${cid}` });
    this.cid = cid;
  }
}

/** The block could not be fetched in time (timeout or no provider answered). */
export class BlockUnavailableError extends CairnError {
  override readonly name: string = "BlockUnavailableError";
  readonly cid: string;
  constructor(cid: string, options: { cause?: unknown; timeoutMs?: number } = {}) {
    const waited = options.timeoutMs === undefined ? "" : ` after ${options.timeoutMs} ms`;
    super("Block unavailable: no peer delivered it in time.", { cause: options.cause, details: `cid: ${cid}${waited}` });
    this.cid = cid;
  }
}

/** The bytes received do not hash to the CID that was asked for. */
export class BlockHashMismatchError extends CairnError {
  override readonly name: string = "BlockHashMismatchError";
  readonly cid: string;
  constructor(cid: string) {
    super("Block content does not match its CID.", { details: `cid: ${cid}` });
    this.cid = cid;
  }
}

/** The CID uses a hash function Cairn does not verify (only sha2-256 and identity). */
export class UnsupportedHashError extends CairnError {
  override readonly name: string = "UnsupportedHashError";
  constructor(cid: string, code: number) {
    super("Unsupported hash function in CID.", { details: `cid: ${cid}, multihash code 0x${code.toString(16)}` });
  }
}

/** A DAG node uses a codec Cairn cannot decode (only raw and dag-pb). */
export class UnsupportedCodecError extends CairnError {
  override readonly name: string = "UnsupportedCodecError";
  constructor(cid: string, code: number) {
    super("Unsupported IPLD codec in DAG.", { details: `cid: ${cid}, codec 0x${code.toString(16)}` });
  }
}

/** The operation was cancelled through its AbortSignal. */
export class IpfsAbortedError extends CairnError {
  override readonly name: string = "IpfsAbortedError";
  constructor(options: { cause?: unknown } = {}) {
    super("IPFS operation cancelled.", options);
  }
}

/** The pinning service rejected the access token (HTTP 401/403). */
export class PinningUnauthorizedError extends CairnError {
  override readonly name: string = "PinningUnauthorizedError";
  readonly status: number;
  constructor(status: number, reason: string) {
    super("Pinning service rejected the access token.", { details: `HTTP ${status}: ${reason}` });
    this.status = status;
  }
}

/** The account's quota on the pinning service (pin count or bytes) does not allow this pin. */
export class PinningQuotaExceededError extends CairnError {
  override readonly name: string = "PinningQuotaExceededError";
  readonly status: number;
  constructor(status: number, reason: string) {
    super("Your quota on the pinning service is used up.", { details: `HTTP ${status}: ${reason}` });
    this.status = status;
  }
}

/** Signing in to the pinning service failed: it refused the challenge or the signed message. */
export class PinningSignInError extends CairnError {
  override readonly name: string = "PinningSignInError";
  readonly status: number;
  constructor(status: number, reason: string) {
    super("Could not sign in to the pinning service.", { details: `HTTP ${status}: ${reason}` });
    this.status = status;
  }
}

/** Signing out of the pinning service failed: it did not revoke the token (the token stays usable until it expires). */
export class PinningSignOutError extends CairnError {
  override readonly name: string = "PinningSignOutError";
  readonly status: number;
  constructor(status: number, reason: string) {
    super("Could not sign out of the pinning service.", { details: `HTTP ${status}: ${reason}` });
    this.status = status;
  }
}

/** The pinning service rejected the request (HTTP 4xx) — `reason` is the server's explanation, `code` its reason code if any. */
export class PinningBadRequestError extends CairnError {
  override readonly name: string = "PinningBadRequestError";
  readonly status: number;
  readonly reason: string;
  readonly code: string | undefined;
  constructor(status: number, reason: string, code?: string) {
    super(`Pinning service rejected the request: ${reason}`, { details: `HTTP ${status}` });
    this.status = status;
    this.reason = reason;
    this.code = code;
  }
}

/** The pinning service could not be reached or kept failing (network error or HTTP 5xx). */
export class PinningUnavailableError extends CairnError {
  override readonly name: string = "PinningUnavailableError";
  readonly attempts: number;
  constructor(attempts: number, options: { cause?: unknown; details?: string } = {}) {
    super("Pinning service unavailable.", { cause: options.cause, details: `${attempts} attempt(s)${options.details ? `; ${options.details}` : ""}` });
    this.attempts = attempts;
  }
}

/** The service answered 2xx with something that is not JSON: not a Pinning Service API endpoint. */
export class PinningProtocolError extends CairnError {
  override readonly name: string = "PinningProtocolError";
  constructor(request: string, answer: string, options: { cause?: unknown } = {}) {
    super("Pinning service sent an unreadable answer.", { ...options, details: `${request}: ${answer.slice(0, 200)}` });
  }
}

/** A pin did not reach status "pinned" (it failed, or waiting timed out). */
export class PinningFailedError extends CairnError {
  override readonly name: string = "PinningFailedError";
  readonly status: string;
  constructor(cid: string, status: string) {
    super(`Pin did not complete (status: ${status}).`, { details: `cid: ${cid}` });
    this.status = status;
  }
}

/** A bootstrap address is not a valid multiaddr. */
export class InvalidMultiaddrError extends CairnError {
  override readonly name: string = "InvalidMultiaddrError";
  constructor(address: string, options: { cause?: unknown } = {}) {
    super("Invalid multiaddr.", { ...options, details: `address: ${address.slice(0, 200)}` });
  }
}

/** The node could not be started or could not reach any bootstrap peer. */
export class IpfsNodeStartError extends CairnError {
  override readonly name: string = "IpfsNodeStartError";
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super("IPFS node failed to start.", { ...options, details: reason });
  }
}

/** The CID does not point at a UnixFS file (a directory, or not UnixFS at all). */
export class NotAUnixFsFileError extends CairnError {
  override readonly name: string = "NotAUnixFsFileError";
  constructor(cid: string, problem: string) {
    super("Not a UnixFS file.", { details: `cid: ${cid}: ${problem}` });
  }
}

/** A UnixFS file's blocks hold a different number of bytes than its root declares. */
export class FileSizeMismatchError extends CairnError {
  override readonly name: string = "FileSizeMismatchError";
  constructor(cid: string, declared: bigint, actual: bigint) {
    super("File size does not match its DAG.", { details: `cid: ${cid}: declared ${declared} bytes, read ${actual}` });
  }
}

/** The pinning node's `GET /health` could not be read: no answer, or an HTTP error status. */
export class PinningHealthUnreachableError extends CairnError {
  override readonly name: string = "PinningHealthUnreachableError";
  readonly url: string;
  readonly status: number | undefined;
  constructor(url: string, options: { status?: number; cause?: unknown } = {}) {
    const answer = options.status === undefined ? "no answer" : `HTTP ${options.status}`;
    super("Pinning service unavailable.", { cause: options.cause, details: `GET ${url}: ${answer}` });
    this.url = url;
    this.status = options.status;
  }
}

/** The pinning node answered `GET /health` with something that is not its health record. */
export class PinningHealthInvalidError extends CairnError {
  override readonly name: string = "PinningHealthInvalidError";
  readonly url: string;
  constructor(url: string, reason: string, options: { cause?: unknown } = {}) {
    super("The pinning service's health answer is not understood.", { cause: options.cause, details: `GET ${url}: ${reason}` });
    this.url = url;
  }
}
