/**
 * Preloaded (`NODE_OPTIONS=--import`) into every Node process the stack starts (startChild.ts),
 * so that no process outlives the orchestrator, even a SIGKILLed one.
 *
 * The orchestrator hands each child one end of a pipe as file descriptor
 * `CAIRN_PARENT_PIPE_FD`. The pipe ends when the orchestrator dies, however it dies; the
 * child (the leader of its own process group) then stops its whole group: SIGTERM, SIGKILL
 * 3 s later. Processes the child starts itself (Next's workers, npm's scripts) inherit the
 * preload but not the variable, which is removed here, so only the group leader watches.
 *
 * Plain erasable TypeScript, no imports of the repository: Node strips the types itself.
 */
import { Socket } from "node:net";

const fd = process.env.CAIRN_PARENT_PIPE_FD;
if (fd !== undefined) {
  delete process.env.CAIRN_PARENT_PIPE_FD;
  const pipe = new Socket({ fd: Number(fd), readable: true, writable: false });
  let orphaned = false;
  const stopGroup = (): void => {
    if (orphaned) return;
    orphaned = true;
    const signalGroup = (signal: NodeJS.Signals): void => {
      try {
        process.kill(-process.pid, signal);
      } catch {
        // Not a group leader, or the group is gone.
      }
    };
    // Survive the group's SIGTERM long enough to SIGKILL what ignores it.
    process.on("SIGTERM", () => undefined);
    signalGroup("SIGTERM");
    setTimeout(() => signalGroup("SIGKILL"), 3000);
  };
  pipe.on("error", stopGroup);
  pipe.on("end", stopGroup);
  pipe.on("close", stopGroup);
  pipe.resume();
  pipe.unref();
}
