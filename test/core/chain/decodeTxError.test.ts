import { describe, expect, it } from "@jest/globals";
import {
  BaseError,
  HttpRequestError,
  InsufficientFundsError as ViemInsufficientFundsError,
  RawContractError,
  UserRejectedRequestError,
  encodeErrorResult,
} from "viem";
import { decodeTxError } from "@cairn/core/chain";
import {
  ContractRevertedError,
  InsufficientFundsError,
  NotMemberError,
  RpcUnavailableError,
  TransactionFailedError,
  TransactionRejectedError,
} from "@cairn/core/chain";
import { channelRegistryAbi } from "@cairn/core/contracts";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;

/** A revert as viem reports it: revert data on a RawContractError deep in the cause chain. */
function revert(errorName: string, args: readonly unknown[]) {
  const data = encodeErrorResult({ abi: channelRegistryAbi, errorName, args } as never);
  return new BaseError("Execution reverted", { cause: new BaseError("call failed", { cause: new RawContractError({ data }) }) });
}

describe("decodeTxError", () => {
  it("decodes a custom error into its dedicated class with the arguments", () => {
    const error = decodeTxError(revert("ChannelNotMember", [7n, ALICE]));
    expect(error).toBeInstanceOf(NotMemberError);
    expect(error).toBeInstanceOf(ContractRevertedError);
    expect((error as NotMemberError).errorName).toBe("ChannelNotMember");
    expect((error as NotMemberError).args).toEqual([7n, ALICE]);
    expect(error.shortMessage).toContain("not a member of channel #7");
  });

  it("decodes other custom errors into ContractRevertedError with name and args", () => {
    const error = decodeTxError(revert("ChannelBatchTooLarge", [101n, 100n]));
    expect(error.constructor).toBe(ContractRevertedError);
    expect((error as ContractRevertedError).errorName).toBe("ChannelBatchTooLarge");
    expect((error as ContractRevertedError).args).toEqual([101n, 100n]);
  });

  it("maps a user rejection (viem or raw EIP-1193 4001)", () => {
    expect(decodeTxError(new UserRejectedRequestError(new Error("User denied")))).toBeInstanceOf(TransactionRejectedError);
    expect(decodeTxError({ code: 4001, message: "User rejected the request." })).toBeInstanceOf(TransactionRejectedError);
  });

  it("maps insufficient funds", () => {
    expect(decodeTxError(new ViemInsufficientFundsError())).toBeInstanceOf(InsufficientFundsError);
    const hardhat = new BaseError("Missing or invalid parameters.", {
      details: "Sender doesn't have enough funds to send tx. The max upfront cost is: 82809340442365 and the sender's balance is: 0.",
    });
    expect(decodeTxError(new BaseError("Transaction failed", { cause: hardhat }))).toBeInstanceOf(InsufficientFundsError);
  });

  it("maps an unreachable RPC", () => {
    const error = new HttpRequestError({ url: "http://127.0.0.1:8545", cause: new TypeError("fetch failed") });
    expect(decodeTxError(error)).toBeInstanceOf(RpcUnavailableError);
  });

  it("wraps anything else in TransactionFailedError, keeping the cause", () => {
    const original = new Error("nonce too low");
    const error = decodeTxError(original);
    expect(error).toBeInstanceOf(TransactionFailedError);
    expect(error.cause).toBe(original);
  });
});
