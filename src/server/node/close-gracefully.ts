import type { Server } from "node:http";

/** How often idle keep-alive connections are closed while draining. */
const SWEEP_MS = 100;

/**
 * Stops accepting connections and waits for the open ones to finish their requests, then resolves `"drained"`; after
 * `graceMs` it cuts whatever is still open and resolves `"cut"`. Connections go as soon as they are idle: a stream
 * that ended, or a keep-alive socket between requests, would otherwise hold the server open until its keep-alive
 * timeout, since `close()` only closes the connections that are idle at the moment it is called.
 */
export function closeGracefully(server: Server, graceMs: number): Promise<"drained" | "cut"> {
  return new Promise((resolve) => {
    let outcome: "drained" | "cut" = "drained";
    const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_MS);
    const deadline = setTimeout(() => {
      outcome = "cut";
      server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve(outcome);
    });
  });
}
