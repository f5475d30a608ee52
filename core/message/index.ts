/** Message blocks: an envelope padded and sealed under the channel's epoch key (above crypto and envelope). */
export {
  openMessage,
  sealMessage,
  MAX_MESSAGE_BLOCK_LENGTH,
  MIN_MESSAGE_BLOCK_LENGTH,
  type OpenMessageParameters,
  type SealMessageParameters,
} from "./message.js";
