import { CairnError } from "../errors.js";

/** Session parameters out of range (expiry, expected messages, gas figures). */
export class InvalidSessionParamsError extends CairnError {
  override readonly name: string = "InvalidSessionParamsError";
  constructor(shortMessage: string) {
    super(shortMessage);
  }
}

/** The session key's expiry has passed: posts go through the wallet again. */
export class SessionKeyExpiredError extends CairnError {
  override readonly name: string = "SessionKeyExpiredError";
  readonly expiry: bigint;
  constructor(expiry: bigint) {
    super(`The session key expired at ${new Date(Number(expiry) * 1000).toISOString()}.`);
    this.expiry = expiry;
  }
}

/** The session key cannot pay for the next transaction: top it up, or posts go through the wallet. */
export class SessionKeyUnfundedError extends CairnError {
  override readonly name: string = "SessionKeyUnfundedError";
  readonly balance: bigint;
  readonly needed: bigint;
  constructor(balance: bigint, needed: bigint) {
    super(`The session key has ${balance} wei; the next post needs up to ${needed} wei.`);
    this.balance = balance;
    this.needed = needed;
  }
}

/** Stored session state did not decrypt (wrong identity key, or tampered). */
export class SessionStateUnreadableError extends CairnError {
  override readonly name: string = "SessionStateUnreadableError";
  constructor(options: { cause?: unknown } = {}) {
    super("The saved session could not be decrypted with this identity key.", options);
  }
}
