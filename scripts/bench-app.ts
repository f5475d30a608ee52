/**
 * `npm run bench:app`: the app's felt speed, on a throw-away stack with a production build.
 *
 * - send → render: A clicks Send, B (another browser context, same channel) shows the
 *   decrypted text. Both instants are taken inside the pages (a capture-phase click listener
 *   in A, a MutationObserver in B) on the same machine clock, so Playwright's polling does
 *   not blur them. Messages go one at a time, each after the previous one confirmed.
 *   The same again after enabling fast sending: posts signed by a session key, no wallet.
 * - at 12-s blocks (interval mining), wallet and session key: send click → the message shows at B
 *   as pending (it came over pubsub), and → confirmed at B; the same (session key) with B's browser
 *   on a second pinning node peered with the stack's (B's requests to the stack node's API go to
 *   the second node, so its Helia node dials only that one); and two pinning nodes peered together
 *   (in this process): publish at a client of node 1 → arrival at a client of node 2.
 * - page load → connected: a fresh context opens the app, clicks Connect as soon as it is
 *   there (the injected wallet answers at once), until the account shows.
 * - first-load JS of the channel page: every script the HTML of /channels/<id> loads, fetched
 *   and gzipped (zlib level 9), summed.
 *
 * Prints a table and writes it to docs/BENCHMARKS.md under "## App" (other sections untouched).
 */
import { cpus, tmpdir } from "node:os";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { MemoryBlockstore } from "blockstore-core/memory";
import { MemoryDatastore } from "datastore-core/memory";
import { createPublicClient, http } from "viem";
import { createClientNode } from "@cairn/core/ipfs";
import { channelTopic, relayVerdict } from "@cairn/core/pubsub";
import { alice, pending, sealed, topic } from "../testkit/pendingMessageFixtures.js";
import { startPinningNode } from "./ipfs/startPinningNode.js";
import type { Browser, Page } from "playwright-core";
import { CairnApp } from "../testkit/CairnApp.js";
import { launchBrowser } from "../testkit/launchBrowser.js";
import { startPeeredNode } from "../testkit/startPeeredNode.js";
import { startTestStack, type TestStack } from "../testkit/startTestStack.js";
import { repoRoot } from "./stack/repoRoot.js";
import { CHAIN_ID } from "./stack/stackConfig.js";
import { testAccount } from "./stack/testAccounts.js";

const MESSAGES = Number(process.env.CAIRN_BENCH_MESSAGES ?? 20);
/** Block interval of the pubsub rows (Sepolia's 12 s). */
const BLOCK_MS = 12_000;
const LOADS = Number(process.env.CAIRN_BENCH_LOADS ?? 5);
const BENCHMARKS_FILE = join(repoRoot, "docs", "BENCHMARKS.md");

const log = (line: string): void => console.log(`[bench:app] ${line}`);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

const ms = (value: number): string => `${Math.round(value)} ms`;
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * In every page: the instant each click on Send lands, and the instants each message text
 * first appears and first shows as confirmed.
 */
const PROBES = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  window.__benchClicks = [];
  window.__benchSeen = {};
  window.__benchConfirmed = {};
  const scan = () => {
    for (const node of document.querySelectorAll('[data-testid="message-text"]')) {
      const text = node.textContent ?? "";
      if (!(text in window.__benchSeen)) window.__benchSeen[text] = now();
      const status = node.closest('[data-testid="message"]')?.getAttribute("data-status");
      if (status === "confirmed" && !(text in window.__benchConfirmed)) window.__benchConfirmed[text] = now();
    }
  };
  // Installed again for a second run: reset the records, but listen once (a second listener would record each click twice).
  if (!window.__benchListening) {
    window.__benchListening = true;
    document.addEventListener("click", (event) => {
      if (event.target instanceof Element && event.target.closest('[data-testid="send-message"]')) window.__benchClicks.push(now());
    }, true);
    new MutationObserver(scan).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["data-status"] });
  }
  scan();
})()`;

async function installProbes(page: Page): Promise<void> {
  await page.evaluate(PROBES);
}

/** The latest `cairn:<step>` User Timing marks of a page (core/pubsub/markDelivery), as epoch ms. */
const MARKS = `Object.fromEntries(performance.getEntriesByType("mark").filter((m) => m.name.startsWith("cairn:")).map((m) => [m.name.slice(6), performance.timeOrigin + m.startTime]))`;

/** JSON-RPC calls a page makes to the chain, with when they left (machine clock). */
function recordRpc(page: Page, rpcUrl: string): { at: number; method: string }[] {
  const calls: { at: number; method: string }[] = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(rpcUrl) || request.method() !== "POST") return;
    const at = Date.now();
    const body = request.postDataJSON() as { method?: string } | { method?: string }[] | null;
    for (const call of [body ?? []].flat()) calls.push({ at, method: call.method ?? "?" });
  });
  return calls;
}

/** What one message's way looked like: instants relative to the click, and the RPC calls of each page in between. */
type MessageTrace = { steps: Record<string, number>; rpcA: string[]; rpcB: string[] };

type SendRun = { render: number[]; confirm: number[]; confirmAtB: number[]; traces: MessageTrace[] };

/**
 * Sends MESSAGES messages from A, each once the previous one confirmed at A and at B: from the click,
 * when B first renders the text (at interval mining: pending, over pubsub), when B shows it
 * confirmed, and when A's own copy shows confirmed; and each message's trace (the delivery marks of
 * both pages, the chain RPC calls A and B made until B rendered it).
 */
async function sendToRender(a: CairnApp, b: CairnApp, rpc: { a: { at: number; method: string }[]; b: { at: number; method: string }[] }): Promise<SendRun> {
  await installProbes(a.page);
  await installProbes(b.page);
  const render: number[] = [];
  const confirm: number[] = [];
  const confirmAtB: number[] = [];
  const traces: MessageTrace[] = [];
  const elapsed = (page: Page, expression: string, clickedAt: number) => page.evaluate(expression).then((at) => (at as number) - clickedAt);
  for (let i = 0; i < MESSAGES; i++) {
    const text = `bench ${i} ${Date.now().toString(36)}`;
    await a.byTestId("message-input").fill(text);
    await a.byTestId("send-message").click();
    await b.waitForMessage(text, a.address);
    await a.waitForMessage(text, a.address);
    const key = JSON.stringify(text);
    const clickedAt = (await a.page.evaluate(`window.__benchClicks[${i}]`)) as number;
    render.push(await elapsed(b.page, `window.__benchSeen[${key}]`, clickedAt));
    confirmAtB.push(await elapsed(b.page, `window.__benchConfirmed[${key}]`, clickedAt));
    confirm.push(await elapsed(a.page, `window.__benchConfirmed[${key}]`, clickedAt));
    const renderedAt = clickedAt + render.at(-1)!;
    const steps: Record<string, number> = {};
    for (const page of [a.page, b.page]) {
      for (const [step, at] of Object.entries((await page.evaluate(MARKS)) as Record<string, number>)) {
        if (at >= clickedAt && at <= renderedAt) steps[step] = at - clickedAt;
      }
    }
    steps["rendered"] = render.at(-1)!;
    const between = (calls: { at: number; method: string }[]) => calls.filter((call) => call.at >= clickedAt && call.at <= renderedAt).map((call) => call.method);
    traces.push({ steps, rpcA: between(rpc.a), rpcB: between(rpc.b) });
    log(`message ${i + 1}/${MESSAGES}: rendered at B after ${ms(render.at(-1)!)}, confirmed at B after ${ms(confirmAtB.at(-1)!)}`);
  }
  return { render, confirm, confirmAtB, traces };
}

const STEP_ORDER = ["send-prepared", "send-pinned", "send-broadcast", "send-signed", "send-published", "receive-arrived", "receive-checked", "receive-verified", "rendered"];

/** Median instant of each step after the click, and the median number of RPC calls per method on each side. */
function profile(run: SendRun): { steps: [string, number][]; rpcA: string; rpcB: string } {
  const steps = STEP_ORDER.flatMap((step): [string, number][] => {
    const values = run.traces.flatMap((trace) => (step in trace.steps ? [trace.steps[step]!] : []));
    return values.length === 0 ? [] : [[step, percentile(values, 50)]];
  });
  const calls = (side: "rpcA" | "rpcB") => {
    const methods = new Set(run.traces.flatMap((trace) => trace[side]));
    const parts = [...methods].sort().map((method) => `${method} ${percentile(run.traces.map((trace) => trace[side].filter((m) => m === method).length), 50)}`);
    return parts.length === 0 ? "none" : parts.join(", ");
  };
  return { steps, rpcA: calls("rpcA"), rpcB: calls("rpcB") };
}

/**
 * B again, in a fresh context on a second pinning node peered with the stack's (testkit's
 * startPeeredNode): B's browser dials only node 2, so a message A pinned on node 1 reaches B
 * through pubsub across the peered nodes, or through node 2's gateway reading from node 1.
 */
async function secondNodeReader(browser: Browser, stack: TestStack, channelId: string, privateKey: `0x${string}`) {
  const node2 = await startPeeredNode(stack, { log });
  const context = await node2.newContext(browser);
  const reader = await CairnApp.openInContext(context, { appUrl: stack.urls.app, rpcUrl: stack.urls.rpc, chainId: CHAIN_ID, privateKey, label: "bob-node2" });
  reader.page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") log(`B on node 2: ${message.text()}`);
  });
  await reader.connectAndUnlock();
  await reader.openChannel(channelId);
  await reader.page.locator('[data-testid="ipfs-status"][data-state="success"]').waitFor({ timeout: 30_000 }).catch(() => undefined);
  log(`B on node 2: IPFS ${await reader.byTestId("ipfs-status").getAttribute("data-state")}`);
  // B's subscription reaches node 2, then node 1, within a moment. A message sent before that reaches
  // B by the chain alone (its block through node 2's gateway), a block later: this row times pubsub.
  await reader.page.waitForTimeout(5_000);
  return {
    reader,
    async stop() {
      await reader.close();
      await node2.stop();
    },
  };
}

/** Fast sending: one confirmation authorises and funds a session key; posts then need none. */
async function enableSessionKey(a: CairnApp): Promise<void> {
  await a.byTestId("session-key-funding").filter({ hasText: /Funds the key with/ }).waitFor();
  await a.byTestId("session-key-enable").click();
  await a.page.locator('[data-testid="session-key-panel"][data-state="active"]').waitFor();
}

async function loadToConnected(browser: Browser, stack: TestStack, privateKey: `0x${string}`): Promise<{ ready: number[]; connected: number[] }> {
  const ready: number[] = [];
  const connected: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const t0 = Date.now();
    const app = await CairnApp.open(browser, { appUrl: stack.urls.app, rpcUrl: stack.urls.rpc, chainId: CHAIN_ID, privateKey, label: `load-${i}` });
    await app.byTestId("connect-wallet").waitFor();
    ready.push(Date.now() - t0);
    await app.connect();
    connected.push(Date.now() - t0);
    await app.close();
  }
  return { ready, connected };
}

/** Scripts the page's HTML loads (script src and modulepreload/preload-as-script links). */
async function firstLoadJs(url: string): Promise<{ files: number; raw: number; gzip: number }> {
  const html = await (await fetch(url)).text();
  const sources = new Set<string>();
  for (const match of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) sources.add(match[1]!);
  for (const match of html.matchAll(/<link[^>]*rel="(?:modulepreload|preload)"[^>]*>/g)) {
    const tag = match[0];
    const href = /href="([^"]+)"/.exec(tag)?.[1];
    if (href && (tag.includes('rel="modulepreload"') || tag.includes('as="script"'))) sources.add(href);
  }
  let raw = 0;
  let gzip = 0;
  for (const source of sources) {
    const body = new Uint8Array(await (await fetch(new URL(source.replaceAll("&amp;", "&"), url))).arrayBuffer());
    raw += body.byteLength;
    gzip += gzipSync(body, { level: 9 }).byteLength;
  }
  return { files: sources.size, raw, gzip };
}

/**
 * Two pinning nodes peered together, a client node on each: the time from publishing a signed
 * pending message at the client of node 1 to its verdict at the client of node 2 (one message at a time).
 */
async function twoNodeLatency(): Promise<number[]> {
  const dirs = [await mkdtemp(join(tmpdir(), "cairn-bench-pubsub-")), await mkdtemp(join(tmpdir(), "cairn-bench-pubsub-"))];
  const node1 = await startPinningNode({ dataDir: dirs[0]!, wsPort: 0, apiPort: 0 });
  const node2 = await startPinningNode({ dataDir: dirs[1]!, wsPort: 0, apiPort: 0, peers: [node1.apiUrl] });
  const client = (bootstrap: string[]) => createClientNode({ bootstrap, blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() });
  const [a, b] = [await client(node1.multiaddrs), await client(node2.multiaddrs)];
  try {
    const name = channelTopic(topic);
    const arrived = new Map<string, number>();
    b.pubsub.join(name, async (data) => {
      arrived.set(Buffer.from(data).toString("base64"), performance.now());
      return relayVerdict(data);
    });
    a.pubsub.join(name, async (data) => relayVerdict(data));
    const latencies: number[] = [];
    for (let i = 0; latencies.length < MESSAGES && i < MESSAGES * 10; i++) {
      const message = await pending(alice, await sealed(alice.address, `two nodes ${i}`));
      const key = Buffer.from(message).toString("base64");
      const sentAt = performance.now();
      await a.pubsub.publish(name, message);
      const deadline = sentAt + 2_000;
      while (!arrived.has(key) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
      // The first messages may go out before the nodes meshed: only delivered ones count.
      if (arrived.has(key)) latencies.push(arrived.get(key)! - sentAt);
    }
    log(`two pinning nodes: ${latencies.length} messages delivered`);
    return latencies;
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await Promise.all([node1.stop(), node2.stop()]);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/** The 12-s-block runs side by side: median instant of each delivery step after the click, and the RPC calls of each page until B rendered. */
function profileTable(runs: Record<string, ReturnType<typeof profile>>): string {
  const names = Object.keys(runs);
  const steps = STEP_ORDER.filter((step) => names.some((name) => runs[name]!.steps.some(([s]) => s === step)));
  const at = (name: string, step: string) => runs[name]!.steps.find(([s]) => s === step)?.[1];
  return [
    `| 12-s blocks, median after the send click | ${names.join(" | ")} |`,
    `|---|${names.map(() => "---:").join("|")}|`,
    ...steps.map((step) => `| ${step} | ${names.map((name) => (at(name, step) === undefined ? "–" : ms(at(name, step)!))).join(" | ")} |`),
    `| chain RPC calls of A until B rendered (median per method) | ${names.map((name) => runs[name]!.rpcA).join(" | ")} |`,
    `| chain RPC calls of B until B rendered | ${names.map((name) => runs[name]!.rpcB).join(" | ")} |`,
  ].join("\n");
}

async function writeAppSection(section: string): Promise<void> {
  const current = await readFile(BENCHMARKS_FILE, "utf8").catch(() => "# Benchmarks\n");
  const start = current.search(/^## App\s*$/m);
  let next: string;
  if (start === -1) {
    next = `${current.trimEnd()}\n\n${section}`;
  } else {
    const rest = current.slice(start + "## App".length);
    const end = rest.search(/^## /m);
    next = `${current.slice(0, start)}${section}${end === -1 ? "" : `\n${rest.slice(end)}`}`;
  }
  await writeFile(BENCHMARKS_FILE, `${next.trimEnd()}\n`);
}

const stack = await startTestStack({ log });
let browser: Browser | undefined;
try {
  browser = await launchBrowser();
  const open = (label: string, privateKey: `0x${string}`, path = "/") =>
    CairnApp.open(browser!, { appUrl: stack.urls.app, rpcUrl: stack.urls.rpc, chainId: CHAIN_ID, privateKey, label, path });

  log("setting up two wallets in one channel");
  const a = await open("alice", testAccount(1).privateKey);
  await a.connectAndUnlock();
  const channelName = `bench-${Date.now().toString(36)}`;
  const channelId = await a.createPublicChannel(channelName);
  const b = await open("bob", testAccount(2).privateKey);
  await b.connectAndUnlock();
  await b.joinFromDirectory(channelName);
  const rpcCalls = { a: recordRpc(a.page, stack.urls.rpc), b: recordRpc(b.page, stack.urls.rpc) };

  const { render, confirm } = await sendToRender(a, b, rpcCalls);
  log(`pubsub: mining every ${BLOCK_MS / 1000} s`);
  const rpc = createPublicClient({ transport: http(stack.urls.rpc) });
  await rpc.request({ method: "evm_setAutomine" as never, params: [false] as never });
  await rpc.request({ method: "evm_setIntervalMining" as never, params: [BLOCK_MS] as never });
  const slowWallet = await sendToRender(a, b, rpcCalls);
  await rpc.request({ method: "evm_setIntervalMining" as never, params: [0] as never });
  await rpc.request({ method: "evm_setAutomine" as never, params: [true] as never });
  log("enabling fast sending (session key) in A");
  await enableSessionKey(a);
  const viaKey = await sendToRender(a, b, rpcCalls);
  await rpc.request({ method: "evm_setAutomine" as never, params: [false] as never });
  await rpc.request({ method: "evm_setIntervalMining" as never, params: [BLOCK_MS] as never });
  const slowKey = await sendToRender(a, b, rpcCalls);
  log("B on a second pinning node peered with A's");
  const second = await secondNodeReader(browser, stack, channelId, testAccount(2).privateKey);
  const slowTwoNodes = await sendToRender(a, second.reader, { a: rpcCalls.a, b: recordRpc(second.reader.page, stack.urls.rpc) }).catch((error: unknown) => {
    log(`two pinning nodes: ${String(error).split("\n")[0]}`);
    return { render: [NaN], confirmAtB: [NaN] };
  });
  await second.stop();
  await rpc.request({ method: "evm_setIntervalMining" as never, params: [0] as never });
  await rpc.request({ method: "evm_setAutomine" as never, params: [true] as never });
  const twoNodes = await twoNodeLatency();
  const loads = await loadToConnected(browser, stack, testAccount(4).privateKey);
  const js = await firstLoadJs(`${stack.urls.app}/channels/${channelId}`);

  const rows: [string, string, string][] = [
    [`send click (A) → decrypted at B, ${MESSAGES} messages`, ms(percentile(render, 50)), ms(percentile(render, 95))],
    [`send click (A) → confirmed at A, ${MESSAGES} messages`, ms(percentile(confirm, 50)), ms(percentile(confirm, 95))],
    [`send click (A) → decrypted at B, session key, ${MESSAGES} messages`, ms(percentile(viaKey.render, 50)), ms(percentile(viaKey.render, 95))],
    [`send click (A) → confirmed at A, session key, ${MESSAGES} messages`, ms(percentile(viaKey.confirm, 50)), ms(percentile(viaKey.confirm, 95))],
    [`12-s blocks: send click (A) → pending at B (pubsub), ${MESSAGES} messages`, ms(percentile(slowWallet.render, 50)), ms(percentile(slowWallet.render, 95))],
    [`12-s blocks: send click (A) → confirmed at B, ${MESSAGES} messages`, ms(percentile(slowWallet.confirmAtB, 50)), ms(percentile(slowWallet.confirmAtB, 95))],
    [`12-s blocks: send click (A) → pending at B, session key, ${MESSAGES} messages`, ms(percentile(slowKey.render, 50)), ms(percentile(slowKey.render, 95))],
    [`12-s blocks: send click (A) → confirmed at B, session key, ${MESSAGES} messages`, ms(percentile(slowKey.confirmAtB, 50)), ms(percentile(slowKey.confirmAtB, 95))],
    [`12-s blocks, A on pinning node 1, B on node 2: send click (A) → pending at B, session key, ${MESSAGES} messages`, ms(percentile(slowTwoNodes.render, 50)), ms(percentile(slowTwoNodes.render, 95))],
    [`12-s blocks, A on pinning node 1, B on node 2: send click (A) → confirmed at B, session key, ${MESSAGES} messages`, ms(percentile(slowTwoNodes.confirmAtB, 50)), ms(percentile(slowTwoNodes.confirmAtB, 95))],
    [`two pinning nodes peered: publish (client on node 1) → verified at client on node 2, ${MESSAGES} messages`, ms(percentile(twoNodes, 50)), ms(percentile(twoNodes, 95))],
    [`page load → connect button ready, ${LOADS} fresh contexts`, ms(percentile(loads.ready, 50)), ms(percentile(loads.ready, 95))],
    [`page load → wallet connected, ${LOADS} fresh contexts`, ms(percentile(loads.connected, 50)), ms(percentile(loads.connected, 95))],
  ];
  const chromium = browser.version();
  const table = [
    "| measure | p50 | p95 |",
    "|---|---:|---:|",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    "",
    "| first-load JS of /channels/[id] | files | raw | gzip -9 |",
    "|---|---:|---:|---:|",
    `| every script the HTML loads | ${js.files} | ${kib(js.raw)} | ${kib(js.gzip)} |`,
    "",
    profileTable({ wallet: profile(slowWallet), "session key": profile(slowKey) }),
  ].join("\n");
  const section = [
    "## App",
    "",
    `Measured by \`npm run bench:app\` (scripts/bench-app.ts) on ${new Date().toISOString().slice(0, 10)}: a throw-away local stack`,
    `(Hardhat node with automine, pinning node, \`next build\` + \`next start\`), headless Chromium ${chromium},`,
    `${cpus().length} CPU cores shared with other work. Two browser contexts with injected test wallets share a public`,
    "channel; each message is sent after the previous one confirmed, first through the wallet, then (\"session key\")",
    "after enabling fast sending, signed by the session key with no wallet confirmation. Instants are taken inside the pages (click listener,",
    "MutationObserver) on one machine clock. \"Decrypted at B\" is the first render of the text in B (whatever its status);",
    "\"confirmed at A\" is when A's own copy first shows status confirmed.",
    `The "12-s blocks" rows mine a block every ${BLOCK_MS / 1000} s (evm_setIntervalMining): B first shows the message as pending`,
    "(it came over pubsub through the pinning node), then confirmed once its log is read. In the \"pinning node 1, node 2\" rows",
    "B's browser (a fresh context, same wallet) bootstraps from a second pinning node peered with the stack's, so each message",
    "crosses both nodes. The \"publish → verified\" row runs in the benchmark process: two pinning nodes peered together, a",
    "client node on each, a signed pending message published by one and verified (format, transaction, signer) by the other's router.",
    "",
    table,
    "",
  ].join("\n");
  console.log(`\n${table}\n`);
  await writeAppSection(section);
  log(`wrote the App section of ${BENCHMARKS_FILE}`);
} finally {
  await browser?.close();
  await stack.stop();
}
