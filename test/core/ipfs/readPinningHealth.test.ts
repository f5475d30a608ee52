import { describe, expect, it } from "@jest/globals";
import { IpfsAbortedError, PinningHealthInvalidError, PinningHealthUnreachableError, readPinningHealth } from "@cairn/core/ipfs";

const ws = "/ip4/127.0.0.1/tcp/4003/ws/p2p/12D3KooWKdzKfjSnwEVEgXxJoFToantV75XvU9fyPNuNVrfcx8Va";
const tcp = "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWKdzKfjSnwEVEgXxJoFToantV75XvU9fyPNuNVrfcx8Va";

/** A fetch that answers every request with `answer()` and records the URLs asked for. */
function fakeFetch(answer: () => Response | Promise<Response>) {
  const urls: string[] = [];
  const request = (async (input: string | URL | Request) => {
    urls.push(String(input));
    return answer();
  }) as typeof fetch;
  return { request, urls };
}

describe("readPinningHealth", () => {
  it("reads <url>/health and lists the WebSocket multiaddrs to dial", async () => {
    const { request, urls } = fakeFetch(() => Response.json({ ok: true, peerId: "12D3Koo", multiaddrs: [tcp, ws], pins: 3 }));
    const health = await readPinningHealth("http://pin.example/", { fetch: request });
    expect(urls).toEqual(["http://pin.example/health"]);
    expect(health).toEqual({ peerId: "12D3Koo", multiaddrs: [tcp, ws], webSockets: [ws], pins: 3 });
  });

  it("throws PinningHealthUnreachableError without an answer or on an HTTP error", async () => {
    const down = fakeFetch(() => Promise.reject(new TypeError("fetch failed")));
    await expect(readPinningHealth("http://pin.example", { fetch: down.request })).rejects.toBeInstanceOf(PinningHealthUnreachableError);
    const missing = fakeFetch(() => new Response("no", { status: 404 }));
    await expect(readPinningHealth("http://pin.example", { fetch: missing.request })).rejects.toMatchObject({
      name: "PinningHealthUnreachableError",
      status: 404,
    });
  });

  it("throws PinningHealthInvalidError for an answer that is not the health record", async () => {
    for (const body of ["<html>", JSON.stringify([1]), JSON.stringify({ multiaddrs: "x" }), JSON.stringify({ multiaddrs: [], pins: "3" })]) {
      const { request } = fakeFetch(() => new Response(body, { status: 200 }));
      await expect(readPinningHealth("http://pin.example", { fetch: request })).rejects.toBeInstanceOf(PinningHealthInvalidError);
    }
  });

  it("throws IpfsAbortedError when its signal aborts the request", async () => {
    const controller = new AbortController();
    controller.abort();
    const { request } = fakeFetch(() => Promise.reject(new DOMException("aborted", "AbortError")));
    await expect(readPinningHealth("http://pin.example", { fetch: request, signal: controller.signal })).rejects.toBeInstanceOf(IpfsAbortedError);
  });
});
