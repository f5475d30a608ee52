/** Fails early, with the variable to change, when a port of the stack is taken. */
import { createServer } from "node:net";
import { PortInUseError } from "./errors.js";

export async function assertPortFree(name: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new PortInUseError(name, port) : error),
    );
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}
