/** Plain-text rendering of Cairn objects for the terminal. */
import { toHex } from "viem";
import { describeError, type ChannelDetails, type ChannelMessage, type OutgoingMessage } from "@cairn/core";

export const shortAddress = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 ** 2) return `${(size / 1024).toFixed(1)} KiB`;
  if (size < 1024 ** 3) return `${(size / 1024 ** 2).toFixed(1)} MiB`;
  return `${(size / 1024 ** 3).toFixed(2)} GiB`;
}

/** One history line (plus one line per attachment); failures show their status and tx. */
export function formatMessage(message: ChannelMessage): string {
  const time = message.timestamp ?? (message.blockTimestamp ? message.blockTimestamp * 1000 : undefined);
  const when = time === undefined ? "" : new Date(time).toISOString().replace("T", " ").slice(0, 19);
  const head = `[${when}] ${shortAddress(message.sender)}`;
  if (message.status !== "confirmed") {
    return `${head} <${message.status}: ${describeError(message.error)}> tx ${message.txHash}`;
  }
  const reply = message.replyTo ? ` ↪ ${message.replyTo.slice(-8)}` : "";
  const files = message.attachments.map((a, i) => `\n    📎 [${i}] ${a.name} (${formatBytes(a.size)}${a.mimeType ? `, ${a.mimeType}` : ""})`);
  return `${head}${reply}: ${message.text ?? ""}${files.join("")}\n    id ${message.id}`;
}

export function formatOutgoing(message: OutgoingMessage): string {
  if (message.status === "failed") {
    return `  ${message.status}: ${describeError(message.error)}`;
  }
  if (message.status === "confirmed") return `  confirmed in block ${message.blockNumber} (tx ${message.txHash})`;
  if (message.status === "pending") return `  pending: ${describeError(message.error)}`;
  return `  ${message.status}…`;
}

export function formatChannel(details: ChannelDetails, account: string): string {
  const kind = details.direct ? "direct " : details.isPublic ? "public " : "private";
  const name = details.direct
    ? `with ${shortAddress(details.direct.creator.toLowerCase() === account.toLowerCase() ? details.direct.peer : details.direct.creator)}`
    : details.info
      ? JSON.stringify(details.info.name)
      : "<metadata unreadable>";
  const admin = details.admin.toLowerCase() === account.toLowerCase() ? "you" : shortAddress(details.admin);
  return `#${details.channelId}  ${kind}  ${name}  ${details.members.length} member(s), epoch ${details.epoch}, admin ${admin}`;
}

export const keyHex = (key: Uint8Array) => toHex(key);
