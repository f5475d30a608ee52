/** Hardhat's default accounts, derived from the well-known test mnemonic (never use them on a real network). */
import { toHex, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

export const TEST_MNEMONIC = "test test test test test test test test test test test junk";

export interface TestAccount {
  index: number;
  address: Hex;
  privateKey: Hex;
}

export function testAccount(index: number): TestAccount {
  const account = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: index });
  // An HD key derived from a mnemonic always holds its private key.
  return { index, address: account.address, privateKey: toHex(account.getHdKey().privateKey!) };
}

export function testAccounts(count: number): TestAccount[] {
  return Array.from({ length: count }, (_, index) => testAccount(index));
}
