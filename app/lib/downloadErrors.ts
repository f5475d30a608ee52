import { CairnError } from "@cairn/core/errors";

/** The browser stopped taking a streamed download (cancelled in its download list, or the disk is full). */
export class DownloadInterruptedError extends CairnError {
  override readonly name: string = "DownloadInterruptedError";
  constructor(options: { cause?: unknown } = {}) {
    super("The browser stopped the download.", options);
  }
}

/** The download worker did not start, or did not take the file, in time. */
export class DownloadWorkerTimeoutError extends CairnError {
  override readonly name: string = "DownloadWorkerTimeoutError";
  constructor() {
    super("The download could not be started: the download worker did not answer.");
  }
}

/** The download worker stopped existing (replaced or unregistered) before it could take the file. */
export class DownloadWorkerUnavailableError extends CairnError {
  override readonly name: string = "DownloadWorkerUnavailableError";
  constructor(details: string) {
    super("The download could not be started: the download worker is not running.", { details });
  }
}
