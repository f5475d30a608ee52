import { MIN_PASSPHRASE_LENGTH } from "./constants.js";

/** The backup passphrase rule: at least MIN_PASSPHRASE_LENGTH characters (code points) after NFKC normalisation. */
export const isPassphraseLongEnough = (passphrase: string): boolean => [...passphrase.normalize("NFKC")].length >= MIN_PASSPHRASE_LENGTH;
