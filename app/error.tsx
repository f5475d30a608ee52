"use client";
import { ErrorFallback } from "./components/ErrorFallback";

/** Next's boundary for errors while rendering a page: the shell stays, the page offers to render again. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorFallback error={error} reset={reset} />;
}
