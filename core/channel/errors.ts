import { CairnError } from "../errors.js";

/** The reading account holds no key for this epoch of the channel (joined later, or never given it). */
export class EpochKeyUnavailableError extends CairnError {
  override readonly name: string = "EpochKeyUnavailableError";
  readonly channelId: bigint;
  readonly epoch: number;
  constructor(channelId: bigint, epoch: number, message?: string, options?: { cause?: unknown }) {
    super(message ?? `No key for epoch ${epoch} of channel #${channelId} was shared with this account.`, options);
    this.channelId = channelId;
    this.epoch = epoch;
  }
}

/**
 * The key of an epoch was shared with this account but does not open with its current identity
 * key: it was sealed to a key the account published before (or the material is damaged). It
 * opens once the admin shares it again with the current key (resealChangedKeys).
 */
export class EpochKeySealedToEarlierKeyError extends EpochKeyUnavailableError {
  override readonly name: string = "EpochKeySealedToEarlierKeyError";
  constructor(channelId: bigint, epoch: number, cause: unknown) {
    super(
      channelId,
      epoch,
      `The key for epoch ${epoch} of channel #${channelId} was sealed to an earlier encryption key of this account; ` +
        "the channel's admin can share it again with the current one.",
      { cause },
    );
  }
}

/** A member to invite has not published an encryption key in the KeyDirectory yet. */
export class MemberKeyMissingError extends CairnError {
  override readonly name: string = "MemberKeyMissingError";
  readonly account: string;
  constructor(account: string) {
    super(`${account} has not published an encryption key yet, so it cannot be invited.`);
    this.account = account;
  }
}

/** A message has neither text nor files. */
export class EmptyMessageError extends CairnError {
  override readonly name: string = "EmptyMessageError";
  constructor() {
    super("A message needs text or at least one file.");
  }
}

/** A 1:1 channel needs another wallet than one's own. */
export class DirectChannelWithSelfError extends CairnError {
  override readonly name: string = "DirectChannelWithSelfError";
  constructor(account: string) {
    super(`A 1:1 channel needs another address than your own (${account}).`);
  }
}

/** A decrypted attachment is longer or shorter than the size its message declares. */
export class DownloadSizeMismatchError extends CairnError {
  override readonly name: string = "DownloadSizeMismatchError";
  readonly declared: number;
  readonly received: number;
  constructor(declared: number, received: number) {
    super("The file does not have the size its message declares.", { details: `declared ${declared} bytes, received ${received}` });
    this.declared = declared;
    this.received = received;
  }
}
