/** The CLI's commands, each over an open Session. Output goes to stdout; failures throw typed errors. */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { getAddress, isAddressEqual, type Address } from "viem";
import {
  createChannel,
  createKeyring,
  describeChannel,
  describeError,
  firstCopyFilter,
  joinTx,
  listPublicChannels,
  listPublishedKeys,
  messageKey,
  positionKey,
  publishKeyTx,
  readPublicKey,
  safetyNumber,
  type ChainIndex,
  type ChannelMessage,
  type OutgoingMessage,
} from "@cairn/core";
import { CairnError } from "@cairn/core/errors";
import { findMessage } from "./findMessage.js";
import { saveToFile } from "./saveToFile.js";
import { formatBytes, formatChannel, formatMessage, formatOutgoing, keyHex, shortAddress } from "./format.js";
import type { Session } from "./openSession.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

/** A message could not be delivered (its status is `failed`). */
export class SendFailedError extends CairnError {
  override readonly name: string = "SendFailedError";
  constructor(message: OutgoingMessage) {
    super(`Message ${message.id} was not sent: ${describeError(message.error)}`, { cause: message.error });
  }
}

/** A message went out but its transaction was not mined within the wait (its status is `pending`): it may still be. */
export class SendPendingError extends CairnError {
  override readonly name: string = "SendPendingError";
  readonly txHash: string | undefined;
  constructor(message: OutgoingMessage) {
    const sent = message.txHash ? `was sent as ${message.txHash}` : "was sent";
    super(`Message ${message.id} ${sent} but is not mined yet; it may still be. Do not send it again: \`history\` shows it once it is.`, {
      cause: message.error,
    });
    this.txHash = message.txHash;
  }
}

/** `sign-out` with --pin-token: that token was issued by the service, which alone can revoke it. */
export class PinTokenNotSignedInError extends CairnError {
  override readonly name: string = "PinTokenNotSignedInError";
  constructor() {
    super("--pin-token is a token the pinning service issued, not a wallet sign-in: revoke it with that service.");
  }
}

/** The message has no attachment with this index. */
export class NoSuchAttachmentError extends CairnError {
  override readonly name: string = "NoSuchAttachmentError";
  constructor(id: string, index: number) {
    super(`Message ${id} has no attachment [${index}].`);
  }
}

const MIME_TYPES: Record<string, string> = {
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".json": "application/json",
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".zip": "application/zip",
};

export const parseChannelId = (value: string) => BigInt(value.replace(/^#/, ""));

const readArgs = (session: Session) => ({ registry: session.deployment.channelRegistry, fromBlock: session.deployment.fromBlock });

/** init: derive the identity key and publish it unless the directory already holds it. */
export async function init(session: Session) {
  say(`Account        ${session.account} (chain ${session.chainId})`);
  say(`Identity key   ${keyHex(session.identity.publicKey)}`);
  const published = await readPublicKey(session.publicClient, { keyDirectory: session.deployment.keyDirectory, account: session.account });
  if (published && keyHex(published) === keyHex(session.identity.publicKey)) {
    say("Already published in the key directory.");
    return;
  }
  const receipt = await session.sender(publishKeyTx(session.deployment.keyDirectory, { publicKey: session.identity.publicKey }));
  say(`${published ? "Replaced" : "Published"} in the key directory (tx ${receipt.transactionHash}).`);
}

/** migrate-key: publish the origin-bound key in place of a version-1 key (PROTOCOL.md §3.4). */
export async function migrateKey(session: Session) {
  if (!session.nextIdentity) {
    say("Your published key is not a version-1 key: nothing to move.");
    return;
  }
  const receipt = await session.sender(publishKeyTx(session.deployment.keyDirectory, { publicKey: session.nextIdentity.publicKey }));
  say(`Published your new key ${keyHex(session.nextIdentity.publicKey)} (tx ${receipt.transactionHash}).`);
  say("Channel admins must share their keys with it before you can read those channels again; your own channels start a new key epoch.");
}

/** unlock: derive the identity key and say whether the directory matches it; with a peer, show the safety number. */
export async function unlock(session: Session, peer?: string) {
  const published = await readPublicKey(session.publicClient, { keyDirectory: session.deployment.keyDirectory, account: session.account });
  say(`Identity key   ${keyHex(session.identity.publicKey)}`);
  const state = !published
    ? "not published yet (run init)"
    : keyHex(published) !== keyHex(session.identity.publicKey)
      ? "a DIFFERENT key is published (run init to replace it)"
      : session.identityKind === "backup"
        ? "published (passphrase-protected key, restored from its stored backup)"
        : session.identityKind === "legacy"
          ? "published (a version-1 key, derived from the earlier message any site can ask for: run migrate-key)"
          : "published";
  say(`Directory      ${state}`);
  if (peer) {
    const address = getAddress(peer);
    const peerKey = await readPublicKey(session.publicClient, { keyDirectory: session.deployment.keyDirectory, account: address });
    if (!peerKey) say(`${address} has not published a key.`);
    else say(`Safety number with ${shortAddress(address)}: ${safetyNumber({ address: session.account, publicKey: session.identity.publicKey }, { address, publicKey: peerKey })}`);
  }
}

export async function create(session: Session, name: string, options: { private?: boolean; member?: string[]; description?: string }) {
  const members = (options.member ?? []).map((member) => getAddress(member));
  const isPrivate = options.private || members.length > 0;
  const { channelId, receipt } = await createChannel(
    session.chainContext,
    isPrivate ? { kind: "private", name, description: options.description, members } : { kind: "public", name, description: options.description },
  );
  say(`Created ${isPrivate ? "private" : "public"} channel #${channelId} ${JSON.stringify(name)} (tx ${receipt.transactionHash}).`);
}

export async function direct(session: Session, peer: string) {
  const { channelId, receipt } = await createChannel(session.chainContext, { kind: "direct", peer: getAddress(peer) });
  say(`Created direct channel #${channelId} with ${getAddress(peer)} (tx ${receipt.transactionHash}).`);
}

export async function join(session: Session, id: string) {
  const channelId = parseChannelId(id);
  const receipt = await session.sender(joinTx(session.deployment.channelRegistry, { channelId }));
  say(`Joined channel #${channelId} (tx ${receipt.transactionHash}).`);
}

/** invite: add a member (admin only); private channels seal the current key to its published key. */
export async function invite(session: Session, id: string, account: string) {
  const channel = await session.channel(parseChannelId(id));
  const receipt = await channel.addMember(getAddress(account));
  say(`Added ${getAddress(account)} to channel #${channel.channelId} (tx ${receipt.transactionHash}).`);
}

/** remove: remove a member (admin only); a private channel moves to a new key the member never gets. */
export async function remove(session: Session, id: string, account: string) {
  const channel = await session.channel(parseChannelId(id));
  const receipt = await channel.removeMember(getAddress(account));
  say(`Removed ${getAddress(account)} from channel #${channel.channelId} (tx ${receipt.transactionHash}).`);
}

/** rekey: start a new key epoch sealed to the current members (needed after a member left a private channel). */
export async function rekey(session: Session, id: string) {
  const channel = await session.channel(parseChannelId(id));
  const receipt = await channel.rotateKey();
  say(`Channel #${channel.channelId} has a new key (tx ${receipt.transactionHash}).`);
}

/** channels: the channels this account belongs to; with --public, every public channel. */
export async function channels(session: Session, options: { public?: boolean }) {
  const ids = options.public
    ? (await listPublicChannels(session.publicClient, { ...readArgs(session), limit: Number.MAX_SAFE_INTEGER })).channels.map((channel) => channel.channelId)
    : await (await session.chainIndex()).channels();
  if (ids.length === 0) say(options.public ? "No public channels yet." : "You are in no channel yet.");
  const scope = { chainId: session.chainId, registry: session.deployment.channelRegistry };
  for (const channelId of ids) {
    const details = await describeChannel(createKeyring(session.chainContext, channelId), { ...scope, channelId });
    say(formatChannel(details, session.account));
  }
}

/** directory: every published identity key, or the keys of the given addresses. */
export async function directory(session: Session, addresses: string[]) {
  const entries =
    addresses.length > 0
      ? await Promise.all(
          addresses.map(async (address) => ({
            account: getAddress(address) as Address,
            publicKey: await readPublicKey(session.publicClient, { keyDirectory: session.deployment.keyDirectory, account: getAddress(address) }),
          })),
        )
      : await listPublishedKeys(session.publicClient, { keyDirectory: session.deployment.keyDirectory, fromBlock: session.deployment.fromBlock });
  for (const { account, publicKey } of entries) {
    const you = isAddressEqual(account, session.account) ? "  (you)" : "";
    say(`${account}  ${publicKey ? keyHex(publicKey) : "<no key>"}${you}`);
  }
}

async function deliver(session: Session, id: string, input: Parameters<Awaited<ReturnType<Session["channel"]>>["send"]>[0]) {
  const channel = await session.channel(parseChannelId(id));
  let shown = 0;
  const message = await channel.send(input, {
    onStatus: (m) => say(formatOutgoing(m)),
    onFileProgress: (file, bytes) => {
      if (bytes - shown < 1 << 20) return;
      shown = bytes;
      say(`  encrypted ${formatBytes(bytes)} of ${file.name}`);
    },
  });
  if (message.status === "pending") throw new SendPendingError(message);
  if (message.status !== "confirmed") throw new SendFailedError(message);
  say(`Sent ${message.id} in block ${message.blockNumber} (tx ${message.txHash})`);
}

export async function send(session: Session, id: string, text: string) {
  await deliver(session, id, text);
}

export async function sendFile(session: Session, id: string, path: string, options: { text?: string }) {
  await stat(path);
  const name = basename(path);
  const mimeType = MIME_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
  await deliver(session, id, { text: options.text, files: [{ name, mimeType, content: createReadStream(path) }] });
}

/** The newest `limit` messages of a channel the index follows (older ones read back window by window as needed). */
async function newestMessages(index: ChainIndex, channelId: bigint, limit: number) {
  await index.sync();
  const known = index.channel(channelId);
  if (!known.state) throw known.error;
  if (known.messages.length < limit && !known.complete) await index.loadOlder(channelId, limit - known.messages.length);
  const { messages, complete } = index.channel(channelId);
  return { messages: messages.slice(-limit), older: !complete || messages.length > limit };
}

/** history: the newest messages, read through the chain index (its logs cached under --data-dir: a second run reads only new blocks). */
export async function history(session: Session, id: string, options: { limit: number }) {
  const channelId = parseChannelId(id);
  const [channel, index] = await Promise.all([session.channel(channelId), session.chainIndex()]);
  index.watch(channelId);
  const { messages, older } = await newestMessages(index, channelId, options.limit);
  if (messages.length === 0) say("No messages yet.");
  for (const message of (await channel.open(messages)).filter(firstCopyFilter())) say(formatMessage(message));
  if (older) say(`(older messages exist: raise --limit)`);
}

/**
 * follow: the last messages, then every new one until Ctrl-C, from the chain index (one
 * eth_getLogs per new block at most); other members' messages show as soon as they arrive over
 * pubsub (marked pending), then "confirmed" once their chain copy is read.
 */
export async function follow(session: Session, id: string, options: { limit: number; interval: number }) {
  const channelId = parseChannelId(id);
  const [channel, index] = await Promise.all([session.channel(channelId), session.chainIndex({ pollingInterval: options.interval })]);
  index.watch(channelId);
  const { messages } = await newestMessages(index, channelId, options.limit);
  // A copy of a message shown already (a send repeated after a lost reply) is not shown again.
  const firstCopy = firstCopyFilter();
  /** Keys (sender, message id) of the messages shown, and of those shown as pending only. */
  const seen = new Set<string>();
  const pending = new Set<string>();
  const show = (message: ChannelMessage) => {
    const key = messageKey(message);
    seen.add(key);
    if (pending.delete(key)) say(`  confirmed ${message.id} in block ${message.blockNumber}`);
    else say(formatMessage(message));
  };
  for (const message of (await channel.open(messages)).filter(firstCopy)) show(message);
  say(`— following channel #${channelId} (Ctrl-C to stop) —`);
  const watching = channel.watchPending({
    isKnown: (key) => seen.has(key),
    onPending: (message) => {
      seen.add(message.key);
      pending.add(message.key);
      say(`${formatMessage(message)}  (pending, tx ${message.txHash})`);
    },
  });
  let known = new Set(index.channel(channelId).messages.map(positionKey));
  let lastError: unknown;
  let shown = Promise.resolve();
  // New messages are opened and shown in chain order; those a reorg took out are named.
  const update = () => {
    const { error } = index.snapshot();
    if (error && error !== lastError) say(`  (${describeError(error)}; retrying)`);
    lastError = error;
    const now = index.channel(channelId).messages;
    const fresh = now.filter((message) => !known.has(positionKey(message)));
    const next = new Set(now.map(positionKey));
    for (const key of known) if (!next.has(key)) say(`  (message ${key} left the chain in a reorg)`);
    known = next;
    if (fresh.length === 0) return;
    shown = shown.then(async () => {
      for (const message of (await channel.open(fresh)).filter(firstCopy)) show(message);
    });
  };
  await new Promise<void>((resolve) => {
    const unsubscribe = index.subscribe(update);
    const stopFollowing = index.follow();
    process.once("SIGINT", () => {
      stopFollowing();
      unsubscribe();
      void watching?.stop();
      resolve();
    });
  });
  await shown;
}

export async function download(session: Session, id: string, messageId: string, out: string, options: { index: number }) {
  const channel = await session.channel(parseChannelId(id));
  const message = await findMessage(channel, messageId);
  const attachment = message.attachments[options.index];
  if (!attachment) throw new NoSuchAttachmentError(message.id, options.index);
  let shown = 0;
  const progress = (bytes: number) => {
    if (bytes - shown < 1 << 20) return;
    shown = bytes;
    say(`  fetched ${formatBytes(bytes)}`);
  };
  await saveToFile(channel.download(attachment, { onProgress: progress }), out);
  say(`Saved ${attachment.name} (${formatBytes(attachment.size)}) to ${out}`);
}

/** sign-out: the pinning service revokes the CLI's token (--everywhere: every token of the account, signing in first if needed) and the CLI forgets it. */
export async function signOut(session: Session, options: { everywhere?: boolean }) {
  if (!session.pinningAuth) throw new PinTokenNotSignedInError();
  const revoked = await session.pinningAuth.signOut({ everywhere: options.everywhere });
  if (options.everywhere) say(`Signed out everywhere: the pinning service revoked ${revoked} token${revoked === 1 ? "" : "s"} of ${session.account}.`);
  else say(revoked > 0 ? "Signed out: the pinning service revoked this CLI's token." : "Not signed in to the pinning service: nothing to revoke.");
}
