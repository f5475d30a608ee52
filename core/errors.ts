/**
 * Base class for every error Cairn raises on purpose. Each failure condition has
 * its own subclass (one class per condition, wagmi style) so callers can branch
 * with `instanceof` and show `shortMessage` to people.
 */
export class CairnError extends Error {
  /** One line, safe to show to a user. */
  readonly shortMessage: string;
  /** Extra lines of detail for logs and expanded error views. */
  readonly details: string | undefined;

  constructor(shortMessage: string, options: { cause?: unknown; details?: string } = {}) {
    const detail = options.details ? `\n\nDetails: ${options.details}` : "";
    super(`${shortMessage}${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.shortMessage = shortMessage;
    this.details = options.details;
  }
}
