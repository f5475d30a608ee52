/** A channel id from user input or a URL segment ("12", "#12"); null when it is not a positive integer. */
export function parseChannelId(input: string): bigint | null {
  const digits = input.trim().replace(/^#/, "");
  if (!/^\d{1,78}$/.test(digits)) return null;
  const id = BigInt(digits);
  return id > 0n ? id : null;
}
