import type { PinningClient, PinningClientConfig } from "../../core/ipfs";
import { readPinningSettings } from "./pinningSettings";

/**
 * A pinning client that follows the saved settings (`/settings`): each call goes to the
 * service configured at that moment, so a change applies without restarting the IPFS node.
 */
export function settingsPinningClient(create: (config: PinningClientConfig) => PinningClient): PinningClient {
  let current: { key: string; client: PinningClient } | undefined;
  const client = (): PinningClient => {
    const settings = readPinningSettings();
    const key = `${settings.url}\n${settings.token}`;
    if (current?.key !== key) current = { key, client: create(settings) };
    return current.client;
  };
  return {
    pin: (cid, options) => client().pin(cid, options),
    status: (requestId, options) => client().status(requestId, options),
    find: (cid, options) => client().find(cid, options),
    waitPinned: (cid, options) => client().waitPinned(cid, options),
    list: (options) => client().list(options),
    remove: (requestId, options) => client().remove(requestId, options),
    uploadCar: (car, options) => client().uploadCar(car, options),
    uploadDag: (blockstore, root, options) => client().uploadDag(blockstore, root, options),
  };
}
