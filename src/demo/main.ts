/**
 * Runs the demo listener against a server: `API_URL` (default http://localhost:8080) and `API_SECRET_KEY` (the
 * server's secret key, in `data/secret-key` when the server made it). It listens to every space until SIGINT or
 * SIGTERM, then unmounts (running handlers finish or see their signal abort) and exits.
 *
 *   API_SECRET_KEY=$(cat data/secret-key) node --import tsx src/demo/main.ts
 */
import { createListener, type Logger } from "../sdk";
import { registerDemo } from "./index";

const logger: Logger = {
  debug: () => undefined,
  info: (message) => console.log(message),
  warn: (message) => console.warn(`warning: ${message}`),
  error: (message) => console.error(`error: ${message}`),
};

async function main(): Promise<void> {
  const baseUrl = (process.env.API_URL || "http://localhost:8080").replace(/\/+$/, "");
  const token = process.env.API_SECRET_KEY;
  if (!token) {
    console.error("Set API_SECRET_KEY to the server's secret key (the server keeps it in data/secret-key).");
    process.exit(1);
  }

  const listener = registerDemo(createListener({ name: "demo-listener", logger }));
  let stopping: Promise<void> | undefined;
  const stop = (signal: string) => {
    if (stopping) return;
    console.log(`${signal}: stopping the demo listener`);
    stopping = listener.unmount().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));

  await listener.mount({ baseUrl, token });
  console.log(`Demo listener listening for events on ${baseUrl} (all spaces)`);
}

main().catch((error: unknown) => {
  console.error(
    `The demo listener could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
