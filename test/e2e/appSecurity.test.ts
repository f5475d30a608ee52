/**
 * The browser origin (PROTOCOL.md §14), in Chromium against the production build (`next start`):
 * the app is served with a nonce-based Content-Security-Policy and the other security headers,
 * the normal flows run without a single CSP violation, and attachments that could carry script
 * (an SVG and an HTML file with script, an SVG sent as `image/png`) run none in the app's origin,
 * however the receiver opens them: no preview button for SVG/HTML, the download saves the bytes
 * unchanged, and the disguised one's preview, opened in a tab of its own, renders nothing. A
 * `blob:` SVG made in the app's origin (as a buggy preview would) and opened by the page inherits
 * the policy, which blocks its script. (A `blob:` document the browser opens itself, from the
 * address bar or "Open image in new tab", need not inherit it, which is why the preview type
 * allow-list comes first.)
 *
 *   node --import tsx --test test/e2e/appSecurity.test.ts
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe } from "node:test";
import type { ConsoleMessage, Page } from "playwright-core";
import { testAccount } from "../../scripts/stack/testAccounts.js";
import type { CairnApp } from "../../testkit/CairnApp.js";
import { browserSuite } from "./fixtures/browserSuite.js";

const log = (line: string): void => console.log(`[e2e:app-security] ${line}`);

/** What the attacker's files try: leave a marker in the app origin's storage. */
const MARKER = "cairn-xss";
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="localStorage.setItem('${MARKER}','onload')"><script>localStorage.setItem("${MARKER}","svg");window.opener&&window.opener.localStorage.setItem("${MARKER}","opener")</script><circle r="5"/></svg>`;
const HTML = `<!doctype html><p>hi</p><script>localStorage.setItem("${MARKER}","html")</script><img src=x onerror="localStorage.setItem('${MARKER}','img')">`;
const FILES = [
  { name: "drawing.svg", mimeType: "image/svg+xml", buffer: Buffer.from(SVG) },
  { name: "page.html", mimeType: "text/html", buffer: Buffer.from(HTML) },
  { name: "photo.png", mimeType: "image/png", buffer: Buffer.from(SVG) },
];
const TEXT = "three files, look";

/** Records every CSP violation the page reports (window.__cspViolations). */
const VIOLATION_PROBE = `(() => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));
})()`;

const violations = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);

const marker = (page: Page): Promise<string | null> => page.evaluate((key) => localStorage.getItem(key), MARKER);

/** The value of one directive of a policy, as a list of sources. */
function directive(policy: string, name: string): string[] {
  const entry = policy
    .split(";")
    .map((part) => part.trim().split(/\s+/))
    .find(([directiveName]) => directiveName === name);
  assert.ok(entry, `the policy has ${name}: ${policy}`);
  return entry.slice(1);
}

describe("The app's origin: headers, CSP and attachments that carry script", { timeout: 900_000 }, () => {
  const suite = browserSuite({ log });
  const { step } = suite;
  let a: CairnApp;
  let b: CairnApp;

  const attachment = (app: CairnApp, name: string) => app.page.locator(`[data-testid="attachment"][data-name="${name}"]`);

  step("next start serves every page with a nonce CSP and the security headers", async () => {
    const { urls, ports } = suite.stack;
    const nonces = new Set<string>();
    for (const path of ["/", "/settings", "/channels/1"]) {
      const response = await fetch(new URL(path, urls.app));
      assert.equal(response.status, 200, path);
      const policy = response.headers.get("content-security-policy");
      assert.ok(policy, `${path} has a Content-Security-Policy`);
      const scripts = directive(policy, "script-src");
      const nonce = scripts.find((source) => source.startsWith("'nonce-"))?.slice(7, -1);
      assert.ok(nonce, `script-src has a nonce: ${policy}`);
      assert.ok(!scripts.includes("'unsafe-inline'") && !scripts.includes("'unsafe-eval'"), `no inline script or eval: ${policy}`);
      nonces.add(nonce);
      assert.deepEqual(directive(policy, "frame-ancestors"), ["'none'"]);
      assert.deepEqual(directive(policy, "object-src"), ["'none'"]);
      assert.deepEqual(directive(policy, "base-uri"), ["'none'"]);
      assert.deepEqual(directive(policy, "connect-src").sort(), ["'self'", urls.rpc, urls.pinApi, `ws://127.0.0.1:${ports.pinWs}`].sort());
      assert.deepEqual(directive(policy, "img-src"), ["'self'", "blob:", "data:"]);
      assert.deepEqual(directive(policy, "media-src"), ["'self'", "blob:"]);
      assert.equal(response.headers.get("x-content-type-options"), "nosniff");
      assert.equal(response.headers.get("referrer-policy"), "no-referrer");
      assert.equal(response.headers.get("x-frame-options"), "DENY");
      // Every script tag of the page carries this response's nonce (Next's inline bootstrap included).
      const html = await response.text();
      const tags = html.match(/<script\b[^>]*>/g) ?? [];
      assert.ok(tags.length > 0, `${path} has scripts`);
      for (const tag of tags) assert.ok(tag.includes(`nonce="${nonce}"`), `${path}: ${tag} carries the nonce`);
    }
    assert.equal(nonces.size, 3, "a fresh nonce per response");
    const worker = await fetch(new URL("/cairn-download-worker.js", urls.app));
    assert.equal(worker.headers.get("x-content-type-options"), "nosniff", "static files are nosniff too");
  });

  step("A and B share a channel with no CSP violation (wallet, chain, Helia, pinning)", async () => {
    const opener = async (label: string, privateKey: `0x${string}`) => {
      const app = await suite.open(label, privateKey);
      await app.context.addInitScript({ content: VIOLATION_PROBE });
      await app.page.reload();
      return app;
    };
    ({ a, b } = await suite.sharePublicChannel(`origin-${Date.now().toString(36)}`, { alice: testAccount(6).privateKey, bob: testAccount(7).privateKey }, opener));
    await b.page.locator(`[data-testid="ipfs-status"][data-state="success"]`).waitFor();
    await b.send("hello under a strict CSP");
    await a.waitForMessage("hello under a strict CSP", b.address);
    assert.deepEqual(await violations(a.page), [], "A's page broke no rule");
    assert.deepEqual(await violations(b.page), [], "B's page broke no rule");
  });

  step("A sends an SVG and an HTML file with script, and an SVG typed image/png", async () => {
    await a.byTestId("file-input").setInputFiles(FILES);
    await a.byTestId("selected-file").nth(2).waitFor();
    await a.send(TEXT);
    const sent = await a.waitForMessage(TEXT, a.address);
    await sent.getByTestId("attachment").nth(2).waitFor();
  });

  step("B: SVG and HTML are download-only and download unchanged; nothing runs", async () => {
    await b.waitForMessage(TEXT, a.address);
    for (const file of FILES.slice(0, 2)) {
      const row = attachment(b, file.name);
      await row.waitFor();
      assert.equal(await row.getByTestId("attachment-preview").count(), 0, `${file.name} has no preview button`);
      await row.getByTestId("attachment-name").click();
      const [download] = await Promise.all([b.page.waitForEvent("download"), row.getByTestId("attachment-download").click()]);
      assert.equal(download.suggestedFilename(), file.name);
      assert.deepEqual(await readFile(await download.path()), file.buffer, `${file.name} downloads byte for byte`);
    }
    assert.equal(await b.page.locator("img[src^='blob:'], iframe:not([hidden]), object, embed").count(), 0, "nothing of theirs is rendered");
    assert.equal(await marker(b.page), null, "no script ran in the app's origin");
  });

  step("B: the SVG sent as image/png previews as a PNG (which fails to decode) and runs nothing, even in its own tab", async () => {
    const row = attachment(b, "photo.png");
    await row.getByTestId("attachment-preview").click();
    const image = row.getByTestId("attachment-image");
    await image.waitFor();
    const src = (await image.getAttribute("src"))!;
    assert.match(src, /^blob:/);
    // As "Open image in new tab" does: a navigation by the browser, which gives the blob no CSP of the app's.
    const tab = await b.context.newPage();
    await tab.goto(src);
    await tab.waitForTimeout(1000);
    assert.equal(await tab.evaluate(() => document.contentType), "image/png", "the blob has the allow-listed type, not the sender's");
    assert.equal(await marker(tab), null, "opening the preview in a new tab runs nothing");
    await tab.close();
    assert.equal(await marker(b.page), null);
  });

  step("an SVG blob made in the app's origin (a preview bug) and opened by the page still runs no script: it inherits the CSP", async () => {
    const url = await b.page.evaluate((svg) => URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" })), SVG);
    const console: string[] = [];
    const record = (message: ConsoleMessage) => void (message.page()?.url() === url && console.push(message.text()));
    b.context.on("console", record);
    const [tab] = await Promise.all([b.context.waitForEvent("page"), b.page.evaluate((blobUrl) => void window.open(blobUrl), url)]);
    await tab.waitForLoadState();
    await tab.waitForTimeout(1000);
    assert.equal(await tab.evaluate(() => document.contentType), "image/svg+xml");
    assert.equal(await marker(tab), null, "the SVG's script and onload were blocked");
    assert.ok(console.some((line) => /Content Security Policy/.test(line)), `the browser reports the CSP block: ${console.join(" | ")}`);
    b.context.off("console", record);
    await tab.close();
    assert.equal(await marker(b.page), null);
  });
});
