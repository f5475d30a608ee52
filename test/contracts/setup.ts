import { getAddress, parseEventLogs, type Address, type Hex } from "viem";
import { filler } from "../../scripts/contracts/bytes.js";
import { deployCairn } from "../../scripts/contracts/deployCairn.js";

export const META = filler(16, 1);
export const PUBLIC_KEY = filler(32, 2);
export const SEALED = filler(92, 3);
export const CID = filler(64, 4);
export const MAX_UINT256 = 2n ** 256n - 1n;

/**
 * One deployment per test file (through the production Ignition module) and a snapshot that
 * every test restores first, so tests are independent and fast.
 */
export async function setup() {
  const cairn = await deployCairn();
  const { registry, viem, connection, publicClient, wallets } = cairn;
  const [admin, alice, bob, carol, dave, sessionKey, otherKey] = wallets;
  const snapshot = await connection.networkHelpers.takeSnapshot();
  const as = (wallet: (typeof wallets)[number]) => ({ account: wallet.account });
  const address = (wallet: (typeof wallets)[number]) => getAddress(wallet.account.address);

  /** Creates a public channel as `creator`, returns its id. */
  const createPublic = async (creator = admin) => {
    await registry.write.createChannel([true, META, PUBLIC_KEY], as(creator));
    return registry.read.channelCount();
  };

  /** Creates a private channel as `creator` with `members` (epoch-1 keys sealed to each), returns its id. */
  const createPrivate = async (members: readonly Address[] = [], creator = admin) => {
    await registry.write.createPrivateChannel([META, SEALED, [...members], members.map(() => SEALED)], as(creator));
    return registry.read.channelCount();
  };

  /** The registry's events of one transaction, decoded. */
  const eventsOf = async (hash: Hex) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    return parseEventLogs({ abi: registry.abi, logs: receipt.logs });
  };

  /** Authorises `key` for `wallet` for an hour, returns the expiry. */
  const authorize = async (wallet = admin, key = sessionKey, seconds = 3_600n) => {
    const expiry = BigInt(await connection.networkHelpers.time.latest()) + seconds;
    await registry.write.authorizeSessionKey([key.account.address, expiry], as(wallet));
    return expiry;
  };

  return {
    ...cairn,
    assertions: viem.assertions,
    time: connection.networkHelpers.time,
    restore: () => snapshot.restore(),
    admin,
    alice,
    bob,
    carol,
    dave,
    sessionKey,
    otherKey,
    as,
    address,
    createPublic,
    createPrivate,
    eventsOf,
    authorize,
  };
}
