/**
 * The IPFS pinning node (scripts/ipfs-node.ts): Helia with a
 * libp2p WebSocket listener, an on-disk blockstore under `dataDir`, and the Pinning Service
 * HTTP API (per-account sign-in; CORS and sign-in for the app's origin). Resolves once `GET
 * /health` answers; the health body carries the node's WebSocket multiaddr.
 */
import { mkdir } from "node:fs/promises";
import { parsePinningHealth, type PinningHealth } from "@cairn/core/ipfs";
import { startTsxChild } from "./startTsxChild.js";
import type { Child } from "./startChild.js";
import { waitForHttp } from "./waitUntil.js";

export interface PinningNodeOptions {
  apiPort: number;
  wsPort: number;
  dataDir: string;
  /** Origins of the web apps that use the node (the stack's app). */
  allowOrigins: readonly string[];
  logFile?: string;
  echo?: boolean;
}

export interface RunningPinningNode {
  child: Child;
  apiUrl: string;
  /** The `/health` answer, e.g. with the WebSocket multiaddr browsers dial. */
  health: PinningHealth;
}

export async function startPinningNode(options: PinningNodeOptions): Promise<RunningPinningNode> {
  await mkdir(options.dataDir, { recursive: true });
  const child = startTsxChild("scripts/ipfs-node.ts", [], {
    name: "ipfs",
    logFile: options.logFile,
    echo: options.echo,
    env: {
      ...process.env,
      CAIRN_IPFS_DIR: options.dataDir,
      CAIRN_PIN_PORT: String(options.apiPort),
      CAIRN_IPFS_WS_PORT: String(options.wsPort),
      CAIRN_PIN_ALLOW_ORIGINS: options.allowOrigins.join(","),
    },
  });
  const apiUrl = `http://127.0.0.1:${options.apiPort}`;
  try {
    const body = await waitForHttp(`${apiUrl}/health`, {
      what: `pinning node API on ${apiUrl}`,
      child,
      timeoutMs: 60_000,
      accept: (status) => status === 200,
    });
    return { child, apiUrl, health: parsePinningHealth(JSON.parse(body), `${apiUrl}/health`) };
  } catch (error) {
    await child.stop();
    throw error;
  }
}
