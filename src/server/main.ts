import { resolve } from "node:path";
import { startServer } from "./node/start-server";

/** Node entry: configuration from the environment, then the API and dashboard on one port. */
async function main() {
  const port = Number(process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
  const dataDir = resolve(process.env.DATA_DIR ?? "./data");
  const maxFileBytes = process.env.MAX_FILE_BYTES ? Number(process.env.MAX_FILE_BYTES) : undefined;
  if (maxFileBytes !== undefined && (!Number.isSafeInteger(maxFileBytes) || maxFileBytes < 1))
    throw new Error(`MAX_FILE_BYTES must be a number of bytes, got "${process.env.MAX_FILE_BYTES}"`);
  const graceSeconds = process.env.SHUTDOWN_GRACE_SECONDS;
  const shutdownGraceMs = graceSeconds ? Number(graceSeconds) * 1000 : undefined;
  if (shutdownGraceMs !== undefined && !(Number.isFinite(shutdownGraceMs) && shutdownGraceMs >= 0))
    throw new Error(`SHUTDOWN_GRACE_SECONDS must be a number of seconds (0 or more), got "${graceSeconds}"`);
  const server = await startServer({
    port,
    host: process.env.HOST ?? "0.0.0.0",
    dataDir,
    databaseUrl: process.env.DATABASE_URL || undefined,
    secretKey: process.env.API_SECRET_KEY || undefined,
    webDir: resolve(process.env.WEB_DIR ?? "dist/web"),
    maxFileBytes,
    shutdownGraceMs,
  });

  const response = await fetch(`http://127.0.0.1:${server.port}/v1/auth/tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.secretKey}`, "content-type": "application/json" },
    body: JSON.stringify({ role: "operator", subject: "local-operator" }),
  });
  const { data } = (await response.json()) as { data: { token: string } };
  const database = process.env.DATABASE_URL ? "PostgreSQL" : "SQLite";
  console.log(`Jobs platform listening on ${server.url} (${database}; data in ${dataDir})`);
  if (server.secretKeyCreated)
    console.log(`A secret key was created in ${resolve(dataDir, "secret-key")} (mode 0600).`);
  console.log(`API reference: ${server.url}/v1/docs`);
  console.log(`Open the dashboard, signed in as the local operator:\n  ${server.url}/#token=${data.token}`);

  let signals = 0;
  const shutdown = (signal: string) => {
    // A second signal means "now": whatever is still in flight is dropped.
    if (signals++ > 0) process.exit(1);
    console.log(`${signal}: draining; a second signal stops at once`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
