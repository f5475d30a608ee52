/** A pinning service's error answer: `{ error: { reason, details } }` (Pinning Service API), else its text. */
export async function readErrorReason(response: Response): Promise<{ code: string | undefined; text: string }> {
  const text = await response.text().catch(() => "");
  try {
    const parsed = JSON.parse(text) as { error?: { reason?: string; details?: string } };
    const { reason, details } = parsed.error ?? {};
    if (reason) return { code: reason, text: details ? `${reason}: ${details}` : reason };
  } catch {
    // not JSON: fall back to the raw text
  }
  return { code: undefined, text: text.slice(0, 300) || response.statusText || `HTTP ${response.status}` };
}
