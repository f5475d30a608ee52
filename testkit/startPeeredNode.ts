import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { startPinningNode, type PinningNode } from "../scripts/ipfs/startPinningNode.js";
import type { RunningStack } from "../scripts/stack/startStack.js";

export interface PeeredNode {
  node: PinningNode;
  /**
   * A browser context that uses this node for everything: its requests to the stack node's API
   * (health, gateway, sign-in, pins) go here, so its Helia node dials only this node. The build's
   * Content-Security-Policy is not applied (it allows only the stack node's WebSocket; a
   * deployment with two nodes lists both).
   */
  newContext(browser: Browser): Promise<BrowserContext>;
  stop(): Promise<void>;
}

/**
 * A second pinning node peered with the stack's (issue 13.5's topology: a member on node 1, another
 * on node 2), serving the stack's app; resolves once the two nodes are connected.
 */
export async function startPeeredNode(stack: RunningStack, options: { log?: (line: string) => void; timeoutMs?: number } = {}): Promise<PeeredNode> {
  const dataDir = await mkdtemp(join(tmpdir(), "cairn-node2-"));
  let onPeered: () => void = () => undefined;
  const peered = new Promise<void>((resolve) => (onPeered = resolve));
  const node = await startPinningNode({
    dataDir,
    wsPort: 0,
    apiPort: 0,
    peers: [stack.urls.pinApi],
    allowOrigins: [new URL(stack.urls.app).origin],
    publicUrl: stack.urls.pinApi,
    log: (line) => {
      if (line.startsWith("peered with")) onPeered();
      options.log?.(`node 2: ${line}`);
    },
  });
  const stop = async () => {
    await node.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  const timeoutMs = options.timeoutMs ?? 15_000;
  const timedOut = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`node 2 did not peer with ${stack.urls.pinApi} within ${timeoutMs} ms`)), timeoutMs).unref());
  await Promise.race([peered, timedOut]).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return {
    node,
    async newContext(browser) {
      const context = await browser.newContext({ bypassCSP: true });
      await context.route(`${stack.urls.pinApi}/**`, (route) => route.continue({ url: route.request().url().replace(stack.urls.pinApi, node.apiUrl) }));
      return context;
    },
    stop,
  };
}
