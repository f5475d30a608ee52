import { getAddress, keccak256, parseEventLogs, toHex, type Address, type Hex } from "viem";
import { filler, wrappedCid } from "../../scripts/contracts/bytes.js";
import { deployCairn } from "../../scripts/contracts/deployCairn.js";

export const META = filler(16, 1);
export const PUBLIC_KEY = filler(32, 2);
export const SEALED = filler(92, 3);
/** A 64-byte wrapped CID of epoch 1 (the only epoch of a public channel, the first of a private one). */
export const CID = wrappedCid(1, 64, 4);
export const MAX_UINT256 = 2n ** 256n - 1n;

let salts = 0;
/** A fresh random-looking salt, as a client draws one per channel. */
export const newSalt = (): Hex => keccak256(toHex(`cairn-test-salt-${salts++}`));

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
  const idFor = (creator: (typeof wallets)[number], salt: Hex) => registry.read.channelIdFor([address(creator), salt]);

  /** Creates a public channel as `creator`, returns its id. */
  const createPublic = async (creator = admin) => {
    const salt = newSalt();
    await registry.write.createChannel([salt, true, META, PUBLIC_KEY], as(creator));
    return idFor(creator, salt);
  };

  /** Creates a private channel as `creator` with `members` (epoch-1 keys sealed to each), returns its id. */
  const createPrivate = async (members: readonly Address[] = [], creator = admin) => {
    const salt = newSalt();
    await registry.write.createPrivateChannel([salt, META, SEALED, [...members], members.map(() => SEALED)], as(creator));
    return idFor(creator, salt);
  };

  /** Creates the 1:1 channel of `creator` and `peer`, returns its id. */
  const createDirect = async (creator = alice, peer = bob) => {
    const salt = newSalt();
    await registry.write.createDirectChannel([salt, address(peer), META, SEALED, SEALED], as(creator));
    return idFor(creator, salt);
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
    networkHelpers: connection.networkHelpers,
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
    idFor,
    createPublic,
    createPrivate,
    createDirect,
    eventsOf,
    authorize,
  };
}
