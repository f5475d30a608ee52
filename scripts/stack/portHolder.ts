/**
 * Who listens on a TCP port, from Linux's /proc (elsewhere: unknown): the process, its command
 * line, its process group, and the orchestrator that started it when it is a process of a Cairn
 * stack (`CAIRN_STACK_ORCHESTRATOR` in its environment, set by startChild.ts).
 */
import { readdir, readFile, readlink } from "node:fs/promises";

export interface PortHolder {
  pid: number;
  /** Process group id (stack children lead their own group). */
  pgid: number;
  command: string;
  /** Set when the process belongs to a Cairn stack: the pid of the orchestrator that started it. */
  orchestratorPid?: number;
}

export const ORCHESTRATOR_VARIABLE = "CAIRN_STACK_ORCHESTRATOR";

async function listeningInodes(port: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const text = await readFile(table, "utf8").catch(() => "");
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      // st 0A = LISTEN
      if (local === undefined || fields[3] !== "0A") continue;
      if (Number.parseInt(local.split(":")[1]!, 16) === port) inodes.add(fields[9]!);
    }
  }
  return inodes;
}

async function describe(pid: number): Promise<PortHolder> {
  const [cmdline, stat, environ] = await Promise.all(
    [`/proc/${pid}/cmdline`, `/proc/${pid}/stat`, `/proc/${pid}/environ`].map((file) => readFile(file, "utf8").catch(() => "")),
  );
  // stat: "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses.
  const pgid = Number(stat!.slice(stat!.lastIndexOf(")") + 2).split(" ")[2]);
  const orchestrator = environ!
    .split("\0")
    .find((entry) => entry.startsWith(`${ORCHESTRATOR_VARIABLE}=`))
    ?.split("=")[1];
  return {
    pid,
    pgid: Number.isInteger(pgid) && pgid > 0 ? pgid : pid,
    command: cmdline!.split("\0").filter(Boolean).join(" "),
    ...(orchestrator ? { orchestratorPid: Number(orchestrator) } : {}),
  };
}

/** The process listening on 127.0.0.1/any address at `port`; undefined if none is found. */
export async function findPortHolder(port: number): Promise<PortHolder | undefined> {
  const inodes = await listeningInodes(port);
  if (inodes.size === 0) return undefined;
  const pids = (await readdir("/proc").catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode !== undefined && inodes.has(inode)) return describe(Number(pid));
    }
  }
  return undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
