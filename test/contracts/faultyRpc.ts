/**
 * A JSON-RPC HTTP endpoint in front of an EIP-1193 provider (Hardhat's in-process chain) that
 * injects the faults a real RPC path has: the reply to a request the node has processed is lost
 * (`drop`: the connection closes), cut short (`truncate`: half of the JSON body) or never comes
 * (`stall`: the node processed it, then stalls: this and every later request is held unanswered
 * and never processed, until `resume`); or the request is refused the way a node refuses a nonce
 * another transaction of the account just took (`nonce-taken`: not processed).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Provider = { request(args: { method: string; params?: unknown[] }): Promise<unknown> };
type Call = { jsonrpc: "2.0"; id: number | string; method: string; params?: unknown[] };

export type Fault = "drop" | "truncate" | "stall" | "nonce-taken";

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFaultyRpc(provider: Provider) {
  const faults: { method: string; fault: Fault; remaining: number }[] = [];
  const held = new Set<ServerResponse>();
  let stalled = false;
  /** Methods answered (or faulted) so far, in order. */
  const calls: string[] = [];
  /** The messages of the errors the node answered with. */
  const nodeErrors: string[] = [];

  const answer = async (call: Call) => {
    try {
      return { jsonrpc: "2.0", id: call.id, result: await provider.request({ method: call.method, params: call.params }) };
    } catch (error) {
      const { code = -32603, message = String(error), data } = error as { code?: number; message?: string; data?: unknown };
      nodeErrors.push(message);
      return { jsonrpc: "2.0", id: call.id, error: { code, message, data } };
    }
  };

  const server = createServer((request, response) => {
    void (async () => {
      const call = JSON.parse(await readBody(request)) as Call;
      if (stalled) {
        held.add(response);
        return;
      }
      calls.push(call.method);
      const rule = faults.find((candidate) => candidate.method === call.method && candidate.remaining > 0);
      if (rule) rule.remaining -= 1;
      const reply = JSON.stringify(
        rule?.fault === "nonce-taken"
          ? { jsonrpc: "2.0", id: call.id, error: { code: -32000, message: "replacement transaction underpriced" } }
          : await answer(call),
      );
      if (rule?.fault === "drop") return void request.socket.destroy();
      if (rule?.fault === "stall") {
        stalled = true;
        held.add(response);
        return;
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end(rule?.fault === "truncate" ? reply.slice(0, reply.length >> 1) : reply);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    nodeErrors,
    /** The next `times` replies to `method` suffer `fault` after the node processed the request. */
    inject(method: string, fault: Fault, times = 1) {
      faults.push({ method, fault, remaining: times });
    },
    /** From now on requests are held unanswered and never reach the node. */
    stall() {
      stalled = true;
    },
    /** Requests reach the node again; the held ones are closed unanswered. */
    resume() {
      stalled = false;
      for (const response of held) response.socket?.destroy();
      held.clear();
    },
    async close() {
      this.resume();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FaultyRpc = Awaited<ReturnType<typeof startFaultyRpc>>;
