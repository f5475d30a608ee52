/** Runs a stack child to its end; rejects with its log tail when it fails. */
import type { Child } from "./startChild.js";
import { ChildExitedError } from "./errors.js";

export async function runToCompletion(child: Child): Promise<void> {
  const { code, signal } = await child.exited;
  if (code !== 0) throw new ChildExitedError(child.name, code, signal, child.logTail());
}
