import { DownloadInterruptedError, DownloadWorkerTimeoutError, DownloadWorkerUnavailableError } from "./downloadErrors";
import type { FileSink } from "./saveFile";

/** The worker in public/; its scope holds only download URLs, so it controls no page of the app. */
const WORKER_URL = "/cairn-download-worker.js";
const SCOPE = "/cairn-download/";
/** Under the worker's 30 s idle limit: a message event keeps it alive. */
const PING_INTERVAL_MS = 10_000;
/** How long the worker may take to start, or to take a stream. */
const WORKER_TIMEOUT_MS = 10_000;

export interface DownloadFile {
  name: string;
  mimeType: string;
  size: number;
}

/** Whether this browser can post a ReadableStream to another context (Chrome ≥ 87, Firefox ≥ 102). */
function canTransferStreams(): boolean {
  const channel = new MessageChannel();
  try {
    const stream = new ReadableStream();
    channel.port1.postMessage(stream, [stream]);
    return true;
  } catch {
    return false;
  } finally {
    channel.port1.close();
    channel.port2.close();
  }
}

/** Resolves once `worker` is active; rejects if it is replaced first or takes too long. */
function activated(worker: ServiceWorker): Promise<ServiceWorker> {
  return new Promise<ServiceWorker>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DownloadWorkerTimeoutError()), WORKER_TIMEOUT_MS);
    const check = () => {
      if (worker.state === "activated") resolve(worker);
      else if (worker.state === "redundant") reject(new DownloadWorkerUnavailableError("it was replaced before it started"));
      else return;
      clearTimeout(timer);
      worker.removeEventListener("statechange", check);
    };
    worker.addEventListener("statechange", check);
    check();
  });
}

/** The registration's active worker, once there is one (a newer version may have replaced the one seen before). */
function activeWorker(registration: ServiceWorkerRegistration): Promise<ServiceWorker> {
  const worker = registration.active ?? registration.waiting ?? registration.installing;
  if (!worker) return Promise.reject(new DownloadWorkerUnavailableError("its registration has no worker"));
  return activated(worker);
}

async function registerWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!("serviceWorker" in navigator) || !canTransferStreams()) return null;
  const registration = await navigator.serviceWorker.register(WORKER_URL, { scope: SCOPE });
  await activeWorker(registration);
  return registration;
}

let registered: Promise<ServiceWorkerRegistration | null> | undefined;

/**
 * Registers the download worker once per page load and resolves once it is active, to its
 * registration, or to null when streamed downloads are not available here (no service
 * workers, e.g. an insecure origin, or no transferable streams). Call it early (when an
 * attachment shows) so a click does not wait.
 */
export function prepareStreamDownloads(): Promise<ServiceWorkerRegistration | null> {
  registered ??= registerWorker().catch((error: unknown) => {
    console.warn("Streamed downloads unavailable:", error);
    return null;
  });
  return registered;
}

/** Posts the stream to the worker and resolves once it holds it. */
function handOver(target: ServiceWorker, message: { id: string; stream: ReadableStream<Uint8Array> } & DownloadFile): Promise<void> {
  const channel = new MessageChannel();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DownloadWorkerTimeoutError()), WORKER_TIMEOUT_MS);
    channel.port1.onmessage = () => {
      clearTimeout(timer);
      resolve();
    };
    target.postMessage({ type: "download", ...message }, [message.stream, channel.port2]);
  }).finally(() => channel.port1.close());
}

/**
 * Starts a normal browser download of `file` fed by the returned sink: the bytes written go
 * through a stream transferred to the download worker, which answers a hidden iframe's
 * navigation with them (`Content-Disposition: attachment`, `Content-Length: size`). Writes wait
 * while the browser is not reading (backpressure), so memory stays bounded whatever the size.
 * `abort` makes the browser mark the download failed; a write rejects with
 * `DownloadInterruptedError` once the browser stops reading (cancelled in its download list).
 * Call it within the click's user activation: the browser may block downloads without one.
 */
export async function openStreamDownload(registration: ServiceWorkerRegistration, file: DownloadFile): Promise<FileSink> {
  const target = await activeWorker(registration);
  const id = crypto.randomUUID();
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  await handOver(target, { id, stream: readable, ...file });
  const frame = document.createElement("iframe");
  frame.hidden = true;
  frame.src = `${SCOPE}${id}/${encodeURIComponent(file.name)}`;
  document.body.append(frame);
  const ping = setInterval(() => target.postMessage({ type: "ping" }), PING_INTERVAL_MS);
  const writer = writable.getWriter();
  const finish = () => {
    clearInterval(ping);
    frame.remove();
  };
  return {
    async write(chunk) {
      try {
        await writer.write(chunk);
      } catch (cause) {
        throw new DownloadInterruptedError({ cause });
      }
    },
    async close() {
      try {
        await writer.close();
      } finally {
        finish();
      }
    },
    async abort(reason) {
      try {
        await writer.abort(reason);
      } finally {
        finish();
      }
    },
  };
}
