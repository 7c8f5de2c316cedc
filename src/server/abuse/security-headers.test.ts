/**
 * Finding 4 of "hold under abuse": every response, the dashboard's pages and the API alike, tells the browser not
 * to frame it, not to guess content types and not to send a referrer; the dashboard's page runs no inline script.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../testing/test-server";

let server: TestServer;
let webDir: string;
beforeAll(async () => {
  webDir = mkdtempSync(join(tmpdir(), "jobs-web-"));
  writeFileSync(join(webDir, "index.html"), "<!doctype html><title>Jobs Panel</title>");
  mkdirSync(join(webDir, "assets"));
  writeFileSync(join(webDir, "assets", "app.js"), "console.log(1)");
  server = await startTestServer({ webDir });
});
afterAll(async () => {
  await server?.stop();
  rmSync(webDir, { recursive: true, force: true });
});

/** The policy's directives by name, so a test reads one without depending on their order. */
function directives(policy: string | null): Map<string, string> {
  expect(policy, "a Content-Security-Policy header").toBeTruthy();
  return new Map(
    policy!
      .split(";")
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name = "", ...values] = part.split(/\s+/);
        return [name, values.join(" ")] as const;
      }),
  );
}

function expectCommonHeaders(response: Response, what: string): void {
  expect(response.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(response.headers.get("referrer-policy"), what).toBe("no-referrer");
  expect(response.headers.get("x-frame-options"), what).toBe("DENY");
  expect(response.headers.get("cross-origin-opener-policy"), what).toBe("same-origin");
  expect(directives(response.headers.get("content-security-policy")).get("frame-ancestors"), what).toBe(
    "'none'",
  );
}

describe("security headers", () => {
  it("give the dashboard's page a policy with no inline script, on its own path and on the SPA fallback", async () => {
    for (const path of ["/", "/space/us_sp_1/files"]) {
      const response = await fetch(server.baseUrl + path);
      expect(response.status).toBe(200);
      expectCommonHeaders(response, path);
      const policy = directives(response.headers.get("content-security-policy"));
      expect(policy.get("default-src")).toBe("'self'");
      expect(policy.get("script-src")).toBe("'self'");
      expect(policy.get("connect-src")).toBe("'self'");
      expect(policy.get("style-src")).toBe("'self'");
      expect(policy.get("object-src")).toBe("'none'");
      expect(policy.get("base-uri")).toBe("'none'");
      expect(policy.get("form-action")).toBe("'self'");
      for (const [name, value] of policy) {
        expect(value, name).not.toContain("unsafe-eval");
        if (name !== "style-src-elem") expect(value, name).not.toContain("unsafe-inline");
      }
    }
  });

  it("give the dashboard's assets the same protections", async () => {
    const response = await fetch(`${server.baseUrl}/assets/app.js`);
    expect(await response.text()).toBe("console.log(1)");
    expectCommonHeaders(response, "asset");
  });

  it("give API answers, errors and unknown routes a policy that allows nothing", async () => {
    const answers = [
      await fetch(`${server.baseUrl}/v1/health`),
      await fetch(`${server.baseUrl}/v1/spaces`),
      await fetch(`${server.baseUrl}/v1/no-such-route`),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404]);
    for (const response of answers) {
      expectCommonHeaders(response, response.url);
      expect(directives(response.headers.get("content-security-policy")).get("default-src")).toBe("'none'");
    }
  });

  it("give the API reference page its own policy: its one style block by hash, no script at all", async () => {
    const response = await fetch(`${server.baseUrl}/v1/docs`);
    const html = await response.text();
    expectCommonHeaders(response, "docs");
    const policy = directives(response.headers.get("content-security-policy"));
    expect(policy.get("default-src")).toBe("'none'");
    expect(policy.has("script-src")).toBe(false);
    expect(html).not.toMatch(/<script/i);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
    expect(style).toBeDefined();
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(style));
    expect(policy.get("style-src")).toBe(`'sha256-${Buffer.from(digest).toString("base64")}'`);
  });

  it("serve a downloaded file as an attachment the browser may not sniff or run", async () => {
    const space = await server.ok("POST", "/spaces", { name: "Headers" });
    const form = new FormData();
    form.set("spaceId", space.data.id);
    form.set("file", new File(["<script>alert(1)</script>"], "page.html", { type: "text/html" }));
    const uploaded = await fetch(`${server.baseUrl}/v1/files`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.secretKey}` },
      body: form,
    });
    expect(uploaded.status).toBe(200);
    const { data } = (await uploaded.json()) as { data: { id: string } };
    const response = await fetch(`${server.baseUrl}/v1/files/${data.id}/download`, {
      headers: { authorization: `Bearer ${server.secretKey}` },
    });
    expect(await response.text()).toContain("<script>");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment/);
    expectCommonHeaders(response, "download");
    expect(directives(response.headers.get("content-security-policy")).get("default-src")).toBe("'none'");
  });
});
