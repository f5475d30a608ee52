import { describe, expect, it } from "@jest/globals";
import { BaseError, HttpRequestError, RpcRequestError, TimeoutError } from "viem";
import { classifySendError } from "@cairn/core/chain";

const url = "http://127.0.0.1:8545";
/** A node's JSON-RPC refusal as viem wraps it. */
const refusal = (message: string) => new BaseError("Transaction failed", { cause: new RpcRequestError({ body: {}, url, error: { code: -32000, message } }) });

describe("classifySendError", () => {
  it("recognises a transaction the node already holds (geth, Hardhat/EDR, anvil)", () => {
    expect(classifySendError(refusal("already known"))).toBe("known");
    expect(classifySendError(refusal("Known transaction: 0x1877bb9e"))).toBe("known");
    expect(classifySendError(refusal("transaction already imported"))).toBe("known");
    expect(classifySendError(refusal("unknown transaction type"))).toBeUndefined();
  });

  it("tells a mined nonce from one a pending transaction holds", () => {
    expect(classifySendError(refusal("Nonce too low. Expected nonce to be 1 but got 0."))).toBe("nonce-too-low");
    expect(classifySendError(refusal("nonce too low: next nonce 5, tx nonce 4"))).toBe("nonce-too-low");
    expect(classifySendError(refusal("replacement transaction underpriced"))).toBe("nonce-taken");
    expect(classifySendError(refusal("Replacement transaction underpriced. A gasPrice/maxFeePerGas of at least 1066000144 is necessary"))).toBe("nonce-taken");
  });

  it("calls every unanswered request ambiguous: timeout, lost or truncated reply, outage", () => {
    expect(classifySendError(new TimeoutError({ body: {}, url }))).toBe("ambiguous");
    expect(classifySendError(new HttpRequestError({ url, cause: new TypeError("fetch failed") }))).toBe("ambiguous");
    expect(classifySendError(new HttpRequestError({ url, cause: new SyntaxError("Unexpected end of JSON input") }))).toBe("ambiguous");
    expect(classifySendError(new HttpRequestError({ url, status: 503 }))).toBe("ambiguous");
  });

  it("leaves definitive refusals to decodeTxError", () => {
    expect(classifySendError(refusal("insufficient funds for gas * price + value"))).toBeUndefined();
    expect(classifySendError(refusal("execution reverted"))).toBeUndefined();
    expect(classifySendError({ code: 4001, message: "User rejected the request." })).toBeUndefined();
  });
});
