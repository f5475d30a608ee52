import { readChannelState, type ChannelState, type EpochKeyMaterial } from "../chain/index.js";
import { decodePublicKeyMaterial, openSealedKey } from "../crypto/index.js";
import { equalBytes } from "../encoding/index.js";
import { EpochKeySealedToEarlierKeyError, EpochKeyUnavailableError } from "./errors.js";
import type { ChannelContext } from "./types.js";

/** How long a loaded channel state answers "which keys exist" before the logs are read again. */
const STATE_TTL_MS = 2_000;

/** What reading keys needs: chain reads and the identity key, no IPFS. */
export type KeyringContext = Pick<ChannelContext, "publicClient" | "deployment" | "maxRange" | "account" | "identity" | "chainId">;

export type Keyring = {
  /** The channel state as last read from the chain (read now if never, or if older than `maxAgeMs`). */
  state(options?: { maxAgeMs?: number }): Promise<ChannelState>;
  /**
   * The key of `epoch`; EpochKeyUnavailableError when none was shared with this account,
   * EpochKeySealedToEarlierKeyError when the shared key does not open with the current identity key.
   */
  key(epoch: number): Promise<Uint8Array>;
  /**
   * Whether the key material of `epoch` is known (from the last read of the chain) and not known
   * to fail to open, without reading anything.
   */
  holds(epoch: number): boolean;
  /**
   * Tells `listener` the epochs (ascending) whose keys a read of the chain found for the first
   * time: the first read, then keys shared later (added to the channel, older epochs shared, a
   * rotation, an epoch shared again with this account's new identity key). Returns a function
   * that stops the notifications.
   */
  onKeys(listener: (epochs: number[]) => void): () => void;
};

/**
 * Epoch keys of one channel, opened from the chain's key material with the identity private key
 * (public channels: the raw key of ChannelCreated). Keys live in memory only.
 */
export function createKeyring(context: KeyringContext, channelId: bigint): Keyring {
  /**
   * Per epoch: the material last read, its opened key, and whether opening it failed (sealed to
   * an earlier identity key). A later share of the same epoch with other material replaces it.
   */
  const keys = new Map<number, { material: Uint8Array; key: Promise<Uint8Array>; failed: boolean }>();
  const listeners = new Set<(epochs: number[]) => void>();
  let loaded: { state: ChannelState; at: number } | undefined;
  let loading: Promise<ChannelState> | undefined;

  const open = (material: EpochKeyMaterial): Promise<Uint8Array> => {
    const { epoch } = material;
    if (material.kind === "public") return Promise.resolve(decodePublicKeyMaterial(material.keyMaterial));
    return openSealedKey({
      sealedKey: material.keyMaterial,
      privateKey: context.identity.privateKey,
      chainId: context.chainId,
      registry: context.deployment.channelRegistry,
      channelId,
      epoch,
    }).catch((error: unknown) => {
      throw new EpochKeySealedToEarlierKeyError(channelId, epoch, error);
    });
  };

  const load = () => {
    loading ??= readChannelState(context.publicClient, {
      registry: context.deployment.channelRegistry,
      fromBlock: context.deployment.fromBlock,
      maxRange: context.maxRange,
      channelId,
      account: context.account,
    })
      .then((state) => {
        loaded = { state, at: Date.now() };
        const found: number[] = [];
        for (const material of state.epochKeys) {
          const { epoch } = material;
          const known = keys.get(epoch);
          if (known && equalBytes(known.material, material.keyMaterial)) continue;
          const entry = { material: material.keyMaterial, key: open(material), failed: false };
          // The rejection reaches whoever asks for the key; here it is only noted.
          entry.key.catch(() => {
            entry.failed = true;
          });
          keys.set(epoch, entry);
          found.push(epoch);
        }
        if (found.length > 0) for (const listener of listeners) listener(found);
        return state;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };

  const state = async ({ maxAgeMs = STATE_TTL_MS } = {}) =>
    loaded && Date.now() - loaded.at <= maxAgeMs ? loaded.state : load();

  return {
    state,
    async key(epoch) {
      if (!keys.has(epoch)) {
        // An epoch newer than the loaded state means the state is stale: read it again now.
        const newer = loaded !== undefined && epoch > loaded.state.epoch;
        const cachedAt = loaded?.at;
        await state(newer ? { maxAgeMs: 0 } : {});
        // A cached state may predate the key being shared with this account (added a moment ago): read it again once.
        if (!keys.has(epoch) && loaded?.at === cachedAt) await state({ maxAgeMs: 0 });
      }
      const entry = keys.get(epoch);
      if (!entry) throw new EpochKeyUnavailableError(channelId, epoch);
      return entry.key;
    },
    holds: (epoch) => keys.get(epoch)?.failed === false,
    onKeys(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
