import { resolve } from "node:path";
import { configFromEnv } from "./node/env-config";
import { startServer } from "./node/start-server";

/** Node entry: configuration from the environment, then the API and dashboard on one port. */
async function main() {
  const config = configFromEnv(process.env);
  const server = await startServer(config);
  const dataDir = config.dataDir;

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
