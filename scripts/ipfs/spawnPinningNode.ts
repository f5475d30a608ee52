import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface SpawnPinningNodeOptions {
  dataDir: string;
  /** Origins of web apps allowed to use the node (CORS, sign-in). */
  allowOrigins?: readonly string[];
  /** 0 (default) picks free ports. */
  wsPort?: number;
  apiPort?: number;
  maxCarBytes?: number;
  /** More settings, as the node's CAIRN_PIN_* variables (`npm run ipfs-node -- --help`). */
  env?: Record<string, string>;
  /** Receives every line the node prints. */
  onLine?: (line: string) => void;
}

export interface SpawnedPinningNode {
  child: ChildProcess;
  peerId: string;
  multiaddrs: string[];
  apiUrl: string;
  /** Resolves with the exit code once the process ends. */
  exited: Promise<number | null>;
  /** SIGTERM and wait for a clean exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "..", "ipfs-node.ts");

/** Run `scripts/ipfs-node.ts` as a child process (via tsx) and wait until it prints its ready line. */
export function spawnPinningNode(options: SpawnPinningNodeOptions): Promise<SpawnedPinningNode> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: "",
    CAIRN_IPFS_DIR: options.dataDir,
    CAIRN_IPFS_WS_PORT: String(options.wsPort ?? 0),
    CAIRN_PIN_PORT: String(options.apiPort ?? 0),
    CAIRN_PIN_ALLOW_ORIGINS: (options.allowOrigins ?? []).join(","),
    ...(options.maxCarBytes === undefined ? {} : { CAIRN_PIN_MAX_CAR_BYTES: String(options.maxCarBytes) }),
    ...options.env,
  };
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT], { env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split("\n").filter(Boolean)) options.onLine?.(line);
      const ready = /CAIRN_IPFS_READY (.+)\n/.exec(output);
      if (!ready) return;
      const info = JSON.parse(ready[1]!) as { peerId: string; multiaddrs: string[]; apiUrl: string };
      resolve({
        child,
        exited,
        ...info,
        stop() {
          child.kill("SIGTERM");
          return exited;
        },
      });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => reject(new Error(`pinning node exited (${code}) before it was ready:\n${output}`)));
  });
}
