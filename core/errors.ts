/**
 * Base class for every error Cairn raises on purpose. Each failure condition has
 * its own subclass (one class per condition, wagmi style) so callers can branch
 * with `instanceof` and show `shortMessage` to people.
 */
export class CairnError extends Error {
  override readonly name: string = "CairnError";
  /** One line, safe to show to a user. */
  readonly shortMessage: string;
  /** Extra lines of detail for logs and expanded error views. */
  readonly details: string | undefined;

  constructor(shortMessage: string, options: { cause?: unknown; details?: string } = {}) {
    const detail = options.details ? `\n\nDetails: ${options.details}` : "";
    super(`${shortMessage}${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = options.details;
  }
}

/** A string or bytes that should hold a CID do not parse as one, or the CID is too long to wrap. */
export class InvalidCidError extends CairnError {
  override readonly name: string = "InvalidCidError";
  constructor(details: string, options: { cause?: unknown } = {}) {
    super("Invalid content identifier (CID).", { ...options, details });
  }
}
