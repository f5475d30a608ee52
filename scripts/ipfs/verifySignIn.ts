import { getAddress, isHex, verifyMessage, type Address } from "viem";
import { createSiweMessage, parseSiweMessage, validateSiweMessage, type SiweMessage } from "viem/siwe";
import { SignInRefusedError } from "./errors.js";

export interface SignInPolicy {
  /**
   * Origins a sign-in message may name (its `uri`, with `domain` = that origin's host): the
   * configured app origins and the node's own public origin (what headless clients use).
   */
  origins: readonly string[];
  /** The node's public URL: it must be among the message's `resources` (the sign-in is for this service). */
  serviceUrl: string;
  /** Longest accepted `Expiration Time − Issued At`. */
  maxLifetimeMs: number;
  /** Tolerated clock difference for `Issued At` in the future. */
  clockSkewMs: number;
}

export interface SignInRequest {
  message: unknown;
  signature: unknown;
  /** The request's `Origin` header (browsers send it; headless clients need not). */
  origin: string | undefined;
  /** True once for a nonce this node issued and that has not expired. */
  consumeNonce: (nonce: string) => boolean;
  now: Date;
}

/**
 * Check an EIP-4361 (Sign-In with Ethereum) message and its signature; resolve with the
 * signing account. The message must be in canonical form (as viem's `createSiweMessage`
 * writes it), name an allowed origin as `uri` with its host as `domain` (and the request's
 * Origin, when sent), list this service's URL in `resources`, carry a fresh nonce this node
 * issued (used once), an `Issued At` not in the future and an `Expiration Time` at most
 * `maxLifetimeMs` later and not past. Only EOA signatures (personal_sign) are accepted.
 */
export async function verifySignIn(request: SignInRequest, policy: SignInPolicy): Promise<Address> {
  const { message, signature, now } = request;
  if (typeof message !== "string" || message.length > 4096) throw new SignInRefusedError('"message" must be an EIP-4361 text of at most 4096 characters.');
  if (typeof signature !== "string" || !isHex(signature)) throw new SignInRefusedError('"signature" must be a hex string.');
  const fields = parseSiweMessage(message);
  const siwe = complete(fields);
  if (siwe === undefined) throw new SignInRefusedError("the message lacks a required EIP-4361 field (domain, address, URI, version, chain ID, nonce, issued at, expiration time).");
  if (canonical(siwe) !== message) throw new SignInRefusedError("the message is not in canonical EIP-4361 form.");

  const uri = new URL(siwe.uri);
  if (!policy.origins.includes(uri.origin)) throw new SignInRefusedError(`the message is for ${uri.origin}, which this node does not serve.`);
  if (siwe.domain !== uri.host) throw new SignInRefusedError(`the domain ${siwe.domain} is not the host of the URI ${uri.origin}.`);
  if (request.origin !== undefined && request.origin !== uri.origin) throw new SignInRefusedError(`the message is for ${uri.origin} but the request comes from ${request.origin}.`);
  if (!(siwe.resources ?? []).includes(policy.serviceUrl)) throw new SignInRefusedError(`the message does not name this service (${policy.serviceUrl}) among its resources.`);

  const issued = siwe.issuedAt.getTime();
  const expires = siwe.expirationTime.getTime();
  if (issued > now.getTime() + policy.clockSkewMs) throw new SignInRefusedError("the message is issued in the future.");
  if (expires - issued > policy.maxLifetimeMs) throw new SignInRefusedError(`the message may live at most ${policy.maxLifetimeMs / 1000} s.`);
  if (!validateSiweMessage({ message: siwe, time: now })) throw new SignInRefusedError("the message has expired, is not valid yet, or has a malformed field.");

  let valid: boolean;
  try {
    valid = await verifyMessage({ address: siwe.address, message, signature });
  } catch (cause) {
    throw new SignInRefusedError("the signature is malformed.", { cause });
  }
  if (!valid) throw new SignInRefusedError("the signature is not by the message's address.");
  if (!request.consumeNonce(siwe.nonce)) throw new SignInRefusedError("the nonce is unknown, already used or expired: ask for a new challenge.");
  return getAddress(siwe.address);
}

type CompleteSiweMessage = SiweMessage & { issuedAt: Date; expirationTime: Date };

function complete(fields: Partial<SiweMessage>): CompleteSiweMessage | undefined {
  const { domain, address, uri, version, chainId, nonce, issuedAt, expirationTime } = fields;
  if (!domain || !address || !uri || version !== "1" || chainId === undefined || !nonce || !issuedAt || !expirationTime) return undefined;
  if (Number.isNaN(issuedAt.getTime()) || Number.isNaN(expirationTime.getTime()) || !URL.canParse(uri)) return undefined;
  return { ...fields, domain, address, uri, version, chainId, nonce, issuedAt, expirationTime };
}

function canonical(siwe: CompleteSiweMessage): string | undefined {
  try {
    return createSiweMessage(siwe);
  } catch {
    return undefined;
  }
}
