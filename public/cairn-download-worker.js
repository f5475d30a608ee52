// @ts-check
/// <reference lib="webworker" />
/**
 * Streaming downloads (StreamSaver style, no third-party script). The app decrypts an
 * attachment into a ReadableStream, transfers the stream here with `postMessage` under a
 * random id, then points a hidden iframe at `<scope><id>/<name>`. This worker answers that
 * navigation with the stream as an `attachment` response, so the browser saves it as a
 * normal download, chunk by chunk, with the page's backpressure: the file never sits whole
 * in memory. An error in the page's stream (a block or chunk failing its check) errors the
 * response body, and the browser marks the download failed.
 *
 * Registered with the scope `/cairn-download/` (app/lib/streamDownload.ts): it controls no
 * page of the app and sees no other request.
 */

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

/** How long a handed-over stream waits for its navigation before it is dropped. */
const UNCLAIMED_MS = 30_000;

/**
 * @typedef {object} PendingDownload
 * @property {ReadableStream<Uint8Array>} stream
 * @property {string} name
 * @property {number} size
 * @property {string} mimeType
 * @property {() => void} claimed
 */

/** @type {Map<string, PendingDownload>} */
const waiting = new Map();

sw.addEventListener("install", () => void sw.skipWaiting());

/** `foo "bar".txt` → `foo _bar_.txt`: the plain-ASCII `filename=` for clients that ignore `filename*`. */
const asciiName = (/** @type {string} */ name) => name.replace(/[^\x20-\x7e]|["\\]/g, "_");

/** RFC 8187 value for `filename*=UTF-8''…`. */
const extValue = (/** @type {string} */ name) =>
  encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A MIME type that is safe to put in a header, else the generic one. */
const contentType = (/** @type {string} */ type) => (/^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : "application/octet-stream");

sw.addEventListener("message", (event) => {
  const data = event.data;
  // Anything else (the page's periodic "ping") only serves to keep this worker alive.
  if (data?.type !== "download") return;
  const { id, name, size, mimeType, stream } = data;
  if (typeof id !== "string" || typeof name !== "string" || !Number.isSafeInteger(size) || size < 0 || !(stream instanceof ReadableStream)) return;
  /** @type {() => void} */
  let claimed = () => undefined;
  const claim = new Promise((resolve) => (claimed = () => resolve(undefined)));
  waiting.set(id, { stream, name, size, mimeType: typeof mimeType === "string" ? mimeType : "", claimed });
  event.ports[0]?.postMessage("ready");
  // Stay alive until the browser asks for this download; drop it if it never does.
  const expiry = new Promise((resolve) => setTimeout(resolve, UNCLAIMED_MS));
  event.waitUntil(
    Promise.race([claim, expiry]).then(() => {
      if (waiting.get(id)?.stream !== stream) return;
      waiting.delete(id);
      return stream.cancel("the download was never opened");
    }),
  );
});

sw.addEventListener("fetch", (event) => {
  const scope = new URL(sw.registration.scope).pathname;
  const path = new URL(event.request.url).pathname;
  if (!path.startsWith(scope)) return;
  const id = decodeURIComponent(path.slice(scope.length).split("/")[0] ?? "");
  const download = waiting.get(id);
  if (!download) {
    event.respondWith(new Response("Unknown or expired download.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } }));
    return;
  }
  waiting.delete(id);
  download.claimed();
  event.respondWith(
    new Response(download.stream, {
      headers: {
        "Content-Type": contentType(download.mimeType),
        "Content-Length": String(download.size),
        "Content-Disposition": `attachment; filename="${asciiName(download.name)}"; filename*=UTF-8''${extValue(download.name)}`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        // Should a browser ever render it instead of saving it: an opaque origin, no script.
        "Content-Security-Policy": "sandbox; default-src 'none'",
      },
    }),
  );
});
