import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys the whole Cairn contract set: the key directory, then the channel registry that points
 * at it. The explicit order makes a deployment from a fresh account deterministic (nonce 0, then 1),
 * which is what gives the local chain (31337) fixed addresses.
 *
 * Parameter `windowBlocks` (default 1000): the length of a message window in blocks; a chain with
 * fast blocks may choose more (e.g. 5000 on an L2), see docs/PROTOCOL.md.
 */
export default buildModule("Cairn", (m) => {
  const windowBlocks = m.getParameter("windowBlocks", 1000);
  const keyDirectory = m.contract("KeyDirectory");
  const channelRegistry = m.contract("ChannelRegistry", [keyDirectory, windowBlocks]);
  return { keyDirectory, channelRegistry };
});
