/**
 * The two refusals a person can act on, wherever they sit in a cause chain: the wallet refused
 * the request, or the account cannot pay for gas. describeError and decodeTxError both test for
 * them; they live apart from decodeTxError so that describing an error (in the app's first load)
 * does not carry the contracts' error ABIs that decoding a revert needs.
 */
import { errorText, type ErrorFields } from "./causeChain.js";

/**
 * How nodes word "cannot pay for gas": geth/viem "insufficient funds", Hardhat/EDR "doesn't have
 * enough funds", others "exceeds (the transaction sender) (account) balance".
 */
const NO_FUNDS = /insufficient funds|(doesn'?t|does not) have enough funds|not enough funds|exceeds (the )?(transaction sender )?(account )?balance/i;

/** A link of a cause chain saying the user rejected the request in the wallet (EIP-1193 4001, ethers' ACTION_REJECTED, viem's UserRejectedRequestError). */
export const isRejection = (link: ErrorFields) => link.code === 4001 || link.code === "ACTION_REJECTED" || link.name === "UserRejectedRequestError";

/** A link of a cause chain saying the account cannot pay for gas. */
export const isNoFunds = (link: ErrorFields) => link.name === "InsufficientFundsError" || NO_FUNDS.test(errorText(link));
