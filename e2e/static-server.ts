/**
 * A plain static file server for the mock build (the Playwright "mock" project): files from a folder, index.html
 * for any other path (the dashboard's routes), and no API at all: a `/v1` request that reaches it is answered 404
 * and logged, which only happens if mock mode's worker let one through.
 *
 *   node --import tsx e2e/static-server.ts <dir> <port>
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";

const root = resolve(process.argv[2] ?? "dist/mock");
const port = Number(process.argv[3] ?? 4174);

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".csv": "text/csv",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

async function fileAt(pathname: string): Promise<string | undefined> {
  const path = normalize(join(root, decodeURIComponent(pathname)));
  if (path !== root && !path.startsWith(root + sep)) return undefined;
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() ? path : undefined;
}

const server = createServer((request, response) => {
  void (async () => {
    const { pathname } = new URL(request.url ?? "/", "http://static");
    if (pathname === "/v1" || pathname.startsWith("/v1/")) {
      console.log(`static server: no API here, refused ${request.method} ${pathname}`);
      response
        .writeHead(404, { "content-type": "text/plain" })
        .end("No API here: this is a static file server.");
      return;
    }
    const file = (await fileAt(pathname)) ?? (extname(pathname) ? undefined : await fileAt("/index.html"));
    if (!file) {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      return;
    }
    response.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-cache",
    });
    createReadStream(file).pipe(response);
  })().catch((error: unknown) => {
    console.error(error);
    response.destroy();
  });
});

server.listen(port, "127.0.0.1", () => {
  console.log(`static server listening on http://127.0.0.1:${port}, serving ${root}`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => server.close(() => process.exit(0)));
