/**
 * One process of the local stack. Each child runs in its own process group (detached), so
 * that Ctrl-C reaches only the orchestrator, which then stops the children in order (the
 * chain last, after its journal is flushed) and kills each whole group (npx, node, workers).
 *
 * If the orchestrator dies without doing so (a SIGKILL), each child stops its own group:
 * every child gets the preloaded parentWatchdog.ts and one end of a pipe (fd 3) whose other
 * end only the orchestrator holds. Each child also carries the orchestrator's pid in its
 * environment, so a later start can tell a leftover of a dead stack (claimPort.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ChildExitedError } from "./errors.js";
import { ORCHESTRATOR_VARIABLE } from "./portHolder.js";

const WATCHDOG_URL = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), "parentWatchdog.ts")).href;

/** The watchdog needs a Node that strips TypeScript types itself (22.18+, 24). */
function watchdogEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!(process.features as { typescript?: unknown }).typescript) return {};
  return {
    NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --import ${WATCHDOG_URL}`.trim(),
    CAIRN_PARENT_PIPE_FD: "3",
  };
}

export interface ChildOptions {
  /** Short label, used as the log prefix. */
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Echo output lines to this process's stdout with a `[name]` prefix. */
  echo?: boolean;
  /** Also write the raw output to this file. */
  logFile?: string;
}

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves when the process exits, with its exit code or signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines of output, for error reports. */
  logTail(lines?: number): string;
  /** Rejects with {@link ChildExitedError} as soon as the process exits (for racing readiness checks). */
  failOnExit(): Promise<never>;
  /** SIGTERM to the whole process group, SIGKILL after `graceMs`. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const TAIL_LINES = 200;

export function startChild(options: ChildOptions): Child {
  let log: WriteStream | undefined;
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    log = createWriteStream(options.logFile, { flags: "a" });
  }
  const env = options.env ?? process.env;
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...env, ...watchdogEnv(env), [ORCHESTRATOR_VARIABLE]: String(process.pid) },
    detached: true,
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  });
  const tail: string[] = [];
  let partial = "";
  const onData = (chunk: Buffer): void => {
    if (log && !log.writableEnded) log.write(chunk);
    const lines = (partial + chunk.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      tail.push(line);
      if (options.echo && line.trim() !== "") process.stdout.write(`[${options.name}] ${line}\n`);
    }
    if (tail.length > TAIL_LINES) tail.splice(0, tail.length - TAIL_LINES);
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);

  const signalGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
    child.on("error", (error) => {
      tail.push(String(error));
      resolve({ code: -1, signal: null });
    });
  });
  // Last resort if this process dies without stopping its children (an uncaught error):
  // 'exit' handlers run synchronously, so only a kill fits here.
  const killOnExit = (): void => signalGroup("SIGKILL");
  process.once("exit", killOnExit);
  void exited.then(() => process.off("exit", killOnExit));
  // 'close' comes after the last output (and 'exit' may come before it).
  child.on("close", () => log?.end());
  let stopping: Promise<void> | undefined;
  const logTail = (lines = 40): string => [...tail, partial].slice(-lines).join("\n");

  return {
    name: options.name,
    process: child,
    exited,
    logTail,
    failOnExit: () =>
      exited.then(({ code, signal }) => {
        throw new ChildExitedError(options.name, code, signal, logTail());
      }),
    stop(graceMs = 5000) {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          // The leader is gone; make sure nothing it started is left behind.
          signalGroup("SIGKILL");
          return;
        }
        signalGroup("SIGTERM");
        const timer = setTimeout(() => signalGroup("SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
        signalGroup("SIGKILL");
      })();
      return stopping;
    },
  };
}
