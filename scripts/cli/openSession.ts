/**
 * Everything a CLI command needs, opened lazily: viem clients for the RPC, the wallet's identity
 * key (derived from its signature of the identity message for the app's origin, or restored from the passphrase backup the KeyDirectory stores
 * with the published key: CAIRN_KEY_PASSPHRASE or a prompt), and, only for commands that move
 * messages, a Helia node in
 * Node with an on-disk store under .cairn/cli-<address> plus the pinning client; for commands that
 * read channels, a chain index whose log cache lives under .cairn/cli-<address>/logs, so that a
 * second run reads only the blocks since the first. The pinning client signs in with the
 * wallet's key (EIP-4361) and keeps the token under that directory, unless --pin-token gives a
 * token for a service that issues its own. Attachments are read through the pinning node's
 * trustless gateway first, then bitswap.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { createPublicClient, createWalletClient, defineChain, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createNonceManager, jsonRpc } from "viem/nonce";
import { createChainIndex, type ChainIndex } from "@cairn/core/chain";
import {
  createChannelService,
  createPinningAuth,
  createPinningClient,
  createTxSender,
  deploymentFor,
  deriveIdentityKey,
  resolveIdentity,
  restoreStoredIdentity,
  type ChannelContext,
} from "@cairn/core";
import { createFileLogStore } from "./createFileLogStore.js";
import { fileTokenCache } from "./fileTokenCache.js";
import { loadPrivateKey } from "./loadPrivateKey.js";
import { openIpfs, type CliIpfs } from "./openIpfs.js";
import { promptHidden } from "./promptHidden.js";

export type GlobalOptions = {
  rpc: string;
  pin: string;
  pinToken?: string;
  ipfs?: string;
  keystore?: string;
  dataDir: string;
  /** The app's origin: the identity key is bound to it (PROTOCOL.md §3.1), so the CLI shares that site's key. */
  appOrigin: string;
  /** Seconds a transaction may take until it is mined before the command reports it pending. */
  wait: number;
};

export type Session = Awaited<ReturnType<typeof openSession>>;

export async function openSession(options: GlobalOptions) {
  // Nonces come from a nonce manager: a send whose reply was lost is sent again with the same nonce.
  const account = privateKeyToAccount(await loadPrivateKey({ keystore: options.keystore }), { nonceManager: createNonceManager({ source: jsonRpc() }) });
  const probe = createPublicClient({ transport: http(options.rpc) });
  const chainId = await probe.getChainId();
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [options.rpc] } },
  });
  const publicClient = createPublicClient({ chain, transport: http(options.rpc) }) as PublicClient;
  const walletClient = createWalletClient({ account, chain, transport: http(options.rpc) });
  const deployment = deploymentFor(chainId);
  const appOrigin = new URL(options.appOrigin);
  // PROTOCOL.md §3.3–3.4, as the app's unlock: the key bound to the app's origin (the CLI shares that site's key), a
  // version-1 key when that is the published one (then `nextIdentity` is the key to move to: migrate-key), or the
  // passphrase-protected key whose backup the KeyDirectory stores.
  const resolved = await resolveIdentity(publicClient, {
    keyDirectory: deployment.keyDirectory,
    account: account.address,
    chainId,
    domain: appOrigin.host,
    uri: appOrigin.origin,
    sign: (message) => account.signMessage({ message }),
  });
  const identity =
    resolved.kind === "backup"
      ? await restoreStoredIdentity(resolved, process.env.CAIRN_KEY_PASSPHRASE ?? (await promptHidden("Passphrase of the key backup stored in the KeyDirectory: ")))
      : resolved.keys;
  const nextIdentity = resolved.kind === "legacy" ? deriveIdentityKey(resolved.signature) : undefined;
  const sender = createTxSender({ walletClient, publicClient }, { timeoutMs: options.wait * 1000 });
  const dataDir = join(options.dataDir, `cli-${account.address.toLowerCase()}`);
  const pinningAuth = options.pinToken
    ? undefined
    : createPinningAuth({
        url: options.pin,
        account: account.address,
        chainId,
        signMessage: (message) => account.signMessage({ message }),
        cache: fileTokenCache(join(dataDir, "pinning-token.json"), options.pin),
      });
  const pinning = createPinningClient(pinningAuth ? { url: options.pin, auth: pinningAuth } : { url: options.pin, token: options.pinToken });

  let index: ChainIndex | undefined;
  let ipfs: CliIpfs | undefined;
  /** Starts the Helia node (once) and returns the full channel context. */
  const channelContext = async (): Promise<ChannelContext> => {
    ipfs ??= await openIpfs({ dir: dataDir, pin: options.pin, ipfs: options.ipfs });
    const { node, readSources } = ipfs;
    return { publicClient, sender, account: account.address, identity, ipfs: node.helia, pinning, ...readSources, chainId, deployment, pubsub: node.pubsub };
  };

  return {
    account: account.address,
    chainId,
    deployment,
    identity,
    /** Where the identity key came from (core's IdentityResolution kind): "legacy" and "backup" are worth telling. */
    identityKind: resolved.kind,
    /** With a version-1 identity key: the key bound to the app's origin, to move to (migrate-key). */
    nextIdentity,
    publicClient,
    sender,
    /** The wallet's sign-in to the pinning service (none with --pin-token): `sign-out` revokes its token. */
    pinningAuth,
    /** What read-only and membership commands need: no IPFS node. */
    chainContext: { publicClient, sender, identity, chainId, deployment, account: account.address },
    channelContext,
    /** The account's chain index (created once; not following until told), its logs cached under --data-dir. */
    async chainIndex(options: { pollingInterval?: number } = {}): Promise<ChainIndex> {
      if (!index) {
        const dir = join(dataDir, "logs");
        await mkdir(dir, { recursive: true });
        const store = createFileLogStore(dir);
        index = createChainIndex({ client: publicClient, chainId, deployment, account: account.address, store, follow: false, pollingInterval: options.pollingInterval });
      }
      return index;
    },
    async channel(channelId: bigint) {
      return createChannelService({ ...(await channelContext()), channelId });
    },
    async close() {
      index?.stop();
      await ipfs?.close();
    },
  };
}
