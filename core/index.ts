/** Everything framework-free Cairn offers: errors, encoding, crypto, envelope, messages, IPFS, chain, channel and pubsub. */
export { CairnError, InvalidCidError } from "./errors.js";
export { createExternalStore, type ExternalStore } from "./createExternalStore.js";
export * from "./encoding/index.js";
export * from "./crypto/index.js";
export * from "./envelope/index.js";
export * from "./message/index.js";
export * from "./ipfs/index.js";
export * from "./chain/index.js";
export * from "./channel/index.js";
export * from "./pubsub/index.js";
export { channelRegistryAbi, keyDirectoryAbi, deployments } from "./contracts/generated.js";
