/** Cryptographically secure random bytes from WebCrypto (browser and Node). */
export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}
