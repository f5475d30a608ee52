import { getAddress, isAddress } from "viem";

/**
 * `0x1234 5678…9abc def0`: the first and last 8 hex digits of the checksummed address, in groups
 * of 4. A vanity address that matches 4+4 digits is cheap to grind; 8+8 (64 bits) is not.
 */
export function shortAddress(address: string): string {
  const hex = isAddress(address, { strict: false }) ? getAddress(address).slice(2) : address.replace(/^0x/i, "");
  return `0x${hex.slice(0, 4)} ${hex.slice(4, 8)}…${hex.slice(-8, -4)} ${hex.slice(-4)}`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** "14:05" today, "12 Nov 2026, 14:05" otherwise. */
export function formatTime(ms: number): string {
  const date = new Date(ms);
  return date.toDateString() === new Date().toDateString() ? timeFormat.format(date) : dateTimeFormat.format(date);
}

/** "1.2 MiB": binary units, named as such (10 485 760 bytes is 10.0 MiB, not 10.0 MB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
