import { describe, expect, it } from "@jest/globals";
import { BaseError, HttpRequestError, InsufficientFundsError as ViemInsufficientFundsError, UserRejectedRequestError } from "viem";
import { describeError } from "@cairn/core/chain";
import { InsufficientFundsError, NotMemberError, TransactionRejectedError } from "@cairn/core/chain";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const RPC = "http://127.0.0.1:8545";

describe("describeError", () => {
  it("says a rejection in the wallet plainly wherever it sits in the cause chain", () => {
    const rejected = new BaseError("Sign failed", { cause: new UserRejectedRequestError(new Error("User denied")) });
    expect(describeError(rejected)).toBe("Request rejected in your wallet.");
    expect(describeError(new TransactionRejectedError({ cause: { code: 4001 } }))).toBe("Request rejected in your wallet.");
    expect(describeError(Object.assign(new Error("user rejected action"), { code: "ACTION_REJECTED" }))).toBe("Request rejected in your wallet.");
  });

  it("says missing funds plainly, typed or in the node's words", () => {
    const expected = "Not enough ETH in this account to pay for gas.";
    expect(describeError(new ViemInsufficientFundsError())).toBe(expected);
    expect(describeError(new InsufficientFundsError())).toBe(expected);
    expect(describeError(new Error("Sender doesn't have enough funds to send tx"))).toBe(expected);
    expect(describeError(new Error("gas required exceeds the account balance"))).toBe(expected);
  });

  it("shows a Cairn error's shortMessage", () => {
    expect(describeError(new NotMemberError([3n, ALICE]))).toBe(new NotMemberError([3n, ALICE]).shortMessage);
  });

  it("names the RPC endpoint it cannot reach, when told which", () => {
    const down = new HttpRequestError({ url: RPC, cause: new TypeError("fetch failed") });
    expect(describeError(down, { rpcUrl: RPC })).toBe(`Cannot reach the Ethereum node at ${RPC}.`);
    expect(describeError(down)).toBe("Cannot reach the Ethereum node.");
    expect(describeError(new HttpRequestError({ url: RPC, status: 429 }))).toMatch(/rate limiting/);
  });

  it("falls back to the first shortMessage, then the first line of the message", () => {
    expect(describeError(new Error("outer", { cause: new BaseError("inner short") }))).toBe("inner short");
    expect(describeError(new Error("first line\nsecond line"))).toBe("first line");
    expect(describeError("plain")).toBe("plain");
    expect(describeError(undefined)).toBe("");
  });
});
