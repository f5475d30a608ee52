export * from "./errors.js";
export type { AbortOptions, Block, BlockGetResult, BlockStore } from "./types.js";
export { parseCid, type CidInput } from "./parseCid.js";
export { verifyBlock } from "./verifyBlock.js";
export { readBlockBytes } from "./readBlockBytes.js";
export { createStorage, RAW_CODEC, DEFAULT_GET_TIMEOUT_MS, type CairnStorage, type GetBlockOptions } from "./createStorage.js";
export { dagLinks } from "./dagLinks.js";
export { walkDag, type WalkDagOptions } from "./walkDag.js";
export { exportCar } from "./exportCar.js";
export { encodeCar } from "./encodeCar.js";
export { carParts } from "./carParts.js";
export { createGatewayBlockstore, type GatewayBlockstoreConfig } from "./createGatewayBlockstore.js";
export { createReadSources, MESSAGE_PEERS_FIRST_MS, type ReadSources } from "./createReadSources.js";
export { fetchGatewayBlock, MAX_BLOCK_BYTES, type FetchGatewayBlockOptions } from "./fetchGatewayBlock.js";
export { addFileStream, type AddFileStreamOptions } from "./addFileStream.js";
export { catFileStream, type CatFileStreamOptions } from "./catFileStream.js";
export type { UnixFsComponents, UnixFsTarget } from "./toUnixFs.js";
export { PIN_STATES, type CarPartReceipt, type Pin, type PinResults, type PinState, type PinStatus } from "./pinStatus.js";
export { parsePinningHealth, readPinningHealth, type PinningHealth, type ReadPinningHealthOptions } from "./readPinningHealth.js";
export {
  createPinningAuth,
  type PinningAuth,
  type PinningSignInConfig,
  type PinningSignOutOptions,
  type PinningToken,
  type PinningTokenCache,
} from "./createPinningAuth.js";
export {
  createPinningClient,
  type CarSource,
  type CarUploadOptions,
  type ListOptions,
  type PinningClient,
  type PinningClientConfig,
  type PinOptions,
  type UploadDagOptions,
  type WaitPinnedOptions,
} from "./createPinningClient.js";
export { createClientNode, type CairnHelia, type CairnNode, type ClientNodeOptions } from "./createClientNode.js";
export { createBrowserNode, type BrowserNodeOptions } from "./createBrowserNode.js";
