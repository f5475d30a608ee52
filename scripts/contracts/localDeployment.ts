import { getContractAddress, type Address } from "viem";

/** Chain id of `npx hardhat node` and of the in-process Hardhat network. */
export const LOCAL_CHAIN_ID = 31337;

/** Hardhat's default account #0 (the public "test test … junk" mnemonic): the local deployer. */
export const LOCAL_DEPLOYER: Address = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

/** Addresses and first block of a contract set. */
export interface Deployment {
  keyDirectory: Address;
  channelRegistry: Address;
  fromBlock: number;
}

/**
 * The deployment the Cairn Ignition module produces on a fresh local node: it deploys
 * KeyDirectory then ChannelRegistry from account #0, i.e. nonces 0 and 1. The addresses are
 * therefore fixed, so deployments.ts never changes because of a local deploy.
 */
export function localDeployment(): Deployment {
  return {
    keyDirectory: getContractAddress({ from: LOCAL_DEPLOYER, nonce: 0n }),
    channelRegistry: getContractAddress({ from: LOCAL_DEPLOYER, nonce: 1n }),
    fromBlock: 0,
  };
}
