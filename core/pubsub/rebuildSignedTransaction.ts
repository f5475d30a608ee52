import { keccak256, serializeTransaction, type Hex, type Transaction, type TransactionSerializable } from "viem";
import { TransactionRebuildError } from "./errors.js";

function unsigned(tx: Transaction): TransactionSerializable {
  const base = { nonce: tx.nonce, gas: tx.gas, to: tx.to ?? undefined, value: tx.value, data: tx.input };
  if (tx.type === "legacy") return { ...base, chainId: tx.chainId, type: "legacy", gasPrice: tx.gasPrice };
  if (tx.chainId === undefined) throw new TransactionRebuildError(tx.hash, `the node sent a ${tx.type} transaction without its chain id`);
  const typed = { ...base, chainId: tx.chainId };
  switch (tx.type) {
    case "eip2930":
      return { ...typed, type: "eip2930", gasPrice: tx.gasPrice, accessList: tx.accessList };
    case "eip1559":
      return { ...typed, type: "eip1559", maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas, accessList: tx.accessList };
    default:
      throw new TransactionRebuildError(tx.hash, `transaction type ${tx.type} cannot travel with a pending message`);
  }
}

/**
 * The signed bytes of a transaction a wallet sent and only told the hash of (PROTOCOL.md §Pending
 * message): read it back with eth_getTransactionByHash (viem getTransaction) and pass it here. Its
 * fields and signature (r, s, v / yParity) are serialized again with viem, and the result must hash
 * to the transaction's hash. Throws TransactionRebuildError otherwise (a node that altered a field,
 * a type a pending message cannot carry).
 */
export function rebuildSignedTransaction(tx: Transaction): Hex {
  let serialized: Hex;
  try {
    serialized = serializeTransaction(unsigned(tx), { r: tx.r, s: tx.s, v: tx.v, yParity: tx.yParity });
  } catch (cause) {
    if (cause instanceof TransactionRebuildError) throw cause;
    throw new TransactionRebuildError(tx.hash, "the fields do not serialize", { cause });
  }
  const hash = keccak256(serialized);
  if (hash !== tx.hash.toLowerCase()) throw new TransactionRebuildError(tx.hash, `the fields serialize to ${hash}`);
  return serialized;
}
