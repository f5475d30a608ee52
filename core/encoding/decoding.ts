import { CairnError } from "../errors.js";
import { InvalidLengthError, UnexpectedDecodeError, UnknownVersionError } from "./errors.js";

/**
 * Runs a decoder so that it throws only CairnErrors: anything else (a bug, a library throwing
 * on hostile input) becomes an UnexpectedDecodeError carrying the original as `cause`.
 */
export async function decoding<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asCairnError(what, error);
  }
}

/** Synchronous twin of `decoding`. */
export function decodingSync<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw asCairnError(what, error);
  }
}

function asCairnError(what: string, error: unknown): CairnError {
  return error instanceof CairnError ? error : new UnexpectedDecodeError(what, error);
}

/** Checks the leading version byte of a format (empty input is an InvalidLengthError). */
export function checkVersion(bytes: Uint8Array, expected: number, format: string): void {
  if (bytes.length === 0) throw new InvalidLengthError(format, 0, "a version byte and a body");
  if (bytes[0] !== expected) throw new UnknownVersionError(format, bytes[0]!);
}
