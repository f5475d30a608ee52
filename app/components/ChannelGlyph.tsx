/** "#" for a public channel, a padlock for a private one (decorative; the text says which). */
export function ChannelGlyph({ isPublic }: { isPublic: boolean | undefined }) {
  if (isPublic !== false) {
    return (
      <span className="channel-glyph" aria-hidden>
        #
      </span>
    );
  }
  return (
    <svg className="channel-glyph" aria-hidden viewBox="0 0 16 16" width="0.85em" height="0.85em" fill="currentColor">
      <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2h.5a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h.5Zm1.5 0h4V5a2 2 0 1 0-4 0v2Z" />
    </svg>
  );
}
