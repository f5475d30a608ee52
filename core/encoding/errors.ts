import { CairnError } from "../errors.js";

export { InvalidCidError } from "../errors.js";

/* Decode errors shared by every wire format (core/crypto, core/envelope, core/pubsub). */

/** A format starts with a version byte this client does not know (a newer client wrote it). */
export class UnknownVersionError extends CairnError {
  override readonly name: string = "UnknownVersionError";
  readonly format: string;
  readonly version: number;
  constructor(format: string, version: number) {
    super(`Unsupported ${format} version ${version}.`, {
      details: "It was probably written by a newer Cairn client; update this client to read it.",
    });
    this.format = format;
    this.version = version;
  }
}

/** Bytes, a key or a field have a length the format does not allow. */
export class InvalidLengthError extends CairnError {
  override readonly name: string = "InvalidLengthError";
  readonly what: string;
  readonly length: number;
  constructor(what: string, length: number, expected: string) {
    super(`Invalid ${what} length ${length}.`, { details: `Expected ${expected}.` });
    this.what = what;
    this.length = length;
  }
}

/** A decoder hit an exception that is not a CairnError; the input is treated as corrupt. */
export class UnexpectedDecodeError extends CairnError {
  override readonly name: string = "UnexpectedDecodeError";
  constructor(what: string, cause: unknown) {
    super(`Could not decode the ${what}.`, { cause, details: String(cause) });
  }
}

/** An epoch is outside 1..MAX_EPOCH. */
export class InvalidEpochError extends CairnError {
  override readonly name: string = "InvalidEpochError";
  readonly epoch: number;
  constructor(epoch: number) {
    super(`Invalid epoch ${epoch}.`, { details: "Epochs are integers from 1 to 4294967295." });
    this.epoch = epoch;
  }
}

/** A chain id, channel id or contract address cannot be encoded into an AAD. */
export class InvalidContextError extends CairnError {
  override readonly name: string = "InvalidContextError";
  constructor(reason: string) {
    super("Invalid chain/contract/channel context.", { details: reason });
  }
}
