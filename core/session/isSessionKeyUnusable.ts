import { InsufficientFundsError, SessionKeyUnauthorizedError } from "../chain/index.js";
import { SessionKeyExpiredError, SessionKeyUnfundedError } from "./errors.js";

/**
 * Whether a session key's send failed because the key cannot post (expired, revoked, out of
 * funds), found before anything was broadcast: the same post is safe to send with the wallet.
 */
export const isSessionKeyUnusable = (error: unknown): error is Error =>
  error instanceof SessionKeyExpiredError ||
  error instanceof SessionKeyUnfundedError ||
  error instanceof SessionKeyUnauthorizedError ||
  error instanceof InsufficientFundsError;
