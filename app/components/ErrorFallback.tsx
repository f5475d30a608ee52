"use client";
import { describeError } from "../lib/describeError";

/** What a crashed part of the app shows instead: the error in one line and a way to render it again. */
export function ErrorFallback({ error, reset }: { error: unknown; reset: () => void }) {
  return (
    <div className="callout callout-error" role="alert" data-testid="error-fallback">
      <p>Something went wrong: {describeError(error)}</p>
      <button type="button" className="button button-small" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
