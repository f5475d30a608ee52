/**
 * The MIME types a client may render inline (PROTOCOL.md §14): raster images and plain video
 * containers, which browsers decode without running anything. Everything else (SVG, HTML, XML,
 * PDF, unknown types…) is download-only, since rendered in the app's origin it could run script.
 */
const PREVIEW_TYPES = {
  "image/png": "image",
  "image/jpeg": "image",
  "image/gif": "image",
  "image/webp": "image",
  "image/avif": "image",
  "image/bmp": "image",
  "video/mp4": "video",
  "video/webm": "video",
  "video/ogg": "video",
} as const;

export type PreviewType = keyof typeof PREVIEW_TYPES;
export type PreviewKind = (typeof PREVIEW_TYPES)[PreviewType];

/**
 * How an attachment with the sender's `mimeType` may be previewed: the allow-listed type to give
 * the preview's Blob (never the sender's string itself) and whether it is an image or a video;
 * null when it may only be downloaded. Case and parameters (`; charset=…`) are ignored.
 */
export function previewType(mimeType: string): { type: PreviewType; kind: PreviewKind } | null {
  const essence = mimeType.split(";")[0]!.trim().toLowerCase();
  if (!Object.hasOwn(PREVIEW_TYPES, essence)) return null;
  const type = essence as PreviewType;
  return { type, kind: PREVIEW_TYPES[type] };
}
