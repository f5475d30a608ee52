/** Ports and environment of the local stack. Every port can be overridden from the environment. */
import { InvalidPortError } from "./errors.js";

export interface StackPorts {
  /** Hardhat node JSON-RPC (HTTP and WebSocket). */
  rpc: number;
  /** Pinning node HTTP API (IPFS Pinning Service API + /health). */
  pinApi: number;
  /** Pinning node libp2p WebSocket listener. */
  pinWs: number;
  /** Next.js. */
  web: number;
}

export const DEFAULT_PORTS: StackPorts = { rpc: 8545, pinApi: 5050, pinWs: 4003, web: 3000 };

/** Ports `npm run test:e2e` and `npm run bench:app` use by default, clear of `npm run dev`'s. */
export const TEST_PORTS: StackPorts = { rpc: 18545, pinApi: 15050, pinWs: 14003, web: 13000 };

export const PORT_VARIABLES: Record<keyof StackPorts, string> = {
  rpc: "CAIRN_RPC_PORT",
  pinApi: "CAIRN_PIN_PORT",
  pinWs: "CAIRN_IPFS_WS_PORT",
  web: "CAIRN_WEB_PORT",
};

export const CHAIN_ID = 31337;

/** `base` with each port replaced by its CAIRN_*_PORT variable when set. */
export function portsFromEnv(base: StackPorts, env: NodeJS.ProcessEnv = process.env): StackPorts {
  const ports = { ...base };
  for (const key of Object.keys(PORT_VARIABLES) as (keyof StackPorts)[]) {
    const raw = env[PORT_VARIABLES[key]];
    if (raw === undefined || raw === "") continue;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new InvalidPortError(PORT_VARIABLES[key], raw);
    }
    ports[key] = port;
  }
  return ports;
}

export interface StackUrls {
  app: string;
  rpc: string;
  pinApi: string;
}

export function stackUrls(ports: StackPorts): StackUrls {
  return {
    app: `http://127.0.0.1:${ports.web}`,
    rpc: `http://127.0.0.1:${ports.rpc}`,
    pinApi: `http://127.0.0.1:${ports.pinApi}`,
  };
}

/** The NEXT_PUBLIC_* variables the app reads (app/lib/config.ts); inlined by `next build`. */
export function appEnv(ports: StackPorts): Record<string, string> {
  const urls = stackUrls(ports);
  return {
    NEXT_PUBLIC_CAIRN_CHAIN_ID: String(CHAIN_ID),
    NEXT_PUBLIC_CAIRN_RPC_URL: urls.rpc,
    NEXT_PUBLIC_CAIRN_PIN_URL: urls.pinApi,
    NEXT_PUBLIC_CAIRN_LIBP2P_WS: `ws://127.0.0.1:${ports.pinWs}`,
    NEXT_TELEMETRY_DISABLED: "1",
  };
}
