/** Everything framework-free Cairn offers: errors, crypto, envelope, IPFS, chain, channel and pubsub. */
export { CairnError } from "./errors.js";
export { createExternalStore, type ExternalStore } from "./createExternalStore.js";
export * from "./crypto/index.js";
export * from "./envelope/index.js";
export * from "./ipfs/index.js";
export * from "./chain/index.js";
export * from "./channel/index.js";
export * from "./pubsub/index.js";
// core/crypto and core/ipfs each define an InvalidCidError: the crypto one keeps the name here, the ipfs one is aliased.
export { InvalidCidError } from "./crypto/index.js";
export { InvalidCidError as IpfsInvalidCidError } from "./ipfs/index.js";
export { channelRegistryAbi, keyDirectoryAbi, deployments } from "./contracts/generated.js";
