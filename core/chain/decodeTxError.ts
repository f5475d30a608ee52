import { decodeErrorResult, isHex, type Abi, type Hex } from "viem";
import { channelRegistryAbi, keyDirectoryAbi } from "../contracts/generated.js";
import { CairnError } from "../errors.js";
import { causeChain } from "./causeChain.js";
import { classifyRpcError, toRpcError } from "./classifyRpcError.js";
import {
  ContractRevertedError,
  InsufficientFundsError,
  TransactionFailedError,
  TransactionRejectedError,
  revertErrorClasses,
} from "./errors.js";
import { isNoFunds, isRejection } from "./sendRefusals.js";

const cairnErrorsAbi = [...channelRegistryAbi, ...keyDirectoryAbi].filter((item) => item.type === "error") as Abi;

/** Revert data (selector + args) found anywhere in the cause chain, e.g. on viem's RawContractError. */
export function findRevertData(error: unknown): Hex | undefined {
  for (const link of causeChain(error)) {
    const data = link.data;
    if (typeof data === "string" && isHex(data) && data.length >= 10) return data;
    const nested = (data as { data?: unknown } | undefined)?.data;
    if (typeof nested === "string" && isHex(nested) && nested.length >= 10) return nested;
  }
  return undefined;
}

/** Decodes revert data of the Cairn contracts into ContractRevertedError (or its dedicated subclass). */
export function decodeRevert(data: Hex, cause?: unknown): ContractRevertedError | undefined {
  try {
    const { errorName, args } = decodeErrorResult({ abi: cairnErrorsAbi, data });
    const ErrorClass = revertErrorClasses[errorName];
    const list = (args ?? []) as readonly unknown[];
    return ErrorClass ? new ErrorClass(list, { cause }) : new ContractRevertedError(errorName, list, { cause });
  } catch {
    return undefined;
  }
}

/**
 * Turns whatever a wallet, an RPC node or viem threw while sending into one typed Cairn error:
 * user rejection (EIP-1193 4001), insufficient funds, a decoded contract revert, an RPC outage,
 * or TransactionFailedError wrapping anything else.
 */
export function decodeTxError(error: unknown): CairnError {
  if (error instanceof CairnError) return error;
  const chain = causeChain(error);
  if (chain.some(isRejection)) {
    return new TransactionRejectedError({ cause: error });
  }
  if (chain.some(isNoFunds)) {
    return new InsufficientFundsError({ cause: error });
  }
  const revertData = findRevertData(error);
  const revert = revertData && decodeRevert(revertData, error);
  if (revert) return revert;
  if (classifyRpcError(error)) {
    const typed = toRpcError(error);
    if (typed instanceof CairnError) return typed;
  }
  return new TransactionFailedError({ cause: error, details: error instanceof Error ? error.message : String(error) });
}
