/** Everything framework-free Cairn offers: errors, crypto, envelope, IPFS, chain, channel and pubsub. */
export { CairnError, InvalidCidError } from "./errors.js";
export * from "./crypto/index.js";
export * from "./envelope/index.js";
export * from "./ipfs/index.js";
export * from "./chain/index.js";
export * from "./channel/index.js";
export * from "./pubsub/index.js";
export { channelRegistryAbi, keyDirectoryAbi, deployments } from "./contracts/generated.js";
