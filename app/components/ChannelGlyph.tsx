import type { ChannelKind } from "../hooks/useChannelName";

/** "#" for a public channel, a padlock for a private one, a person for a 1:1 one (decorative; the text says which). */
export function ChannelGlyph({ kind }: { kind: ChannelKind | undefined }) {
  if (kind === "direct") {
    return (
      <svg className="channel-glyph" aria-hidden viewBox="0 0 16 16" width="0.85em" height="0.85em" fill="currentColor" data-kind="direct">
        <path d="M8 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm-5.5 6.2C2.5 11.6 5 10 8 10s5.5 1.6 5.5 4.2a.8.8 0 0 1-.8.8H3.3a.8.8 0 0 1-.8-.8Z" />
      </svg>
    );
  }
  if (kind === "private") {
    return (
      <svg className="channel-glyph" aria-hidden viewBox="0 0 16 16" width="0.85em" height="0.85em" fill="currentColor" data-kind="private">
        <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2h.5a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h.5Zm1.5 0h4V5a2 2 0 1 0-4 0v2Z" />
      </svg>
    );
  }
  return (
    <span className="channel-glyph" aria-hidden>
      #
    </span>
  );
}
