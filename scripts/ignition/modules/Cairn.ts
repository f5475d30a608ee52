import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys the whole Cairn contract set: the key directory, then the channel registry.
 * The explicit order makes a deployment from a fresh account deterministic (nonce 0, then 1),
 * which is what gives the local chain (31337) fixed addresses.
 */
export default buildModule("Cairn", (m) => {
  const keyDirectory = m.contract("KeyDirectory");
  const channelRegistry = m.contract("ChannelRegistry", [], { after: [keyDirectory] });
  return { keyDirectory, channelRegistry };
});
