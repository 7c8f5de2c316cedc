import type { OpenApiDocument } from "./openapi";
import { contentSecurityPolicy } from "./security-headers";

/** The page's one style block; its policy names it by hash, so nothing else may style or script the page. */
const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;--card:#f6f8fa;--border:#d0d7de}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9da7b3;--card:#161b22;--border:#30363d}}
body{margin:0;font:15px/1.5 system-ui,sans-serif;background:var(--bg);color:var(--fg);display:grid;grid-template-columns:220px 1fr}
nav{position:sticky;top:0;height:100vh;overflow:auto;padding:1rem;border-right:1px solid var(--border)}
main{padding:1rem 2rem;max-width:960px}article{background:var(--card);border:1px solid var(--border);border-radius:8px;padding:.5rem 1rem;margin:1rem 0}
pre{overflow:auto;max-height:320px;font-size:12px}table{border-collapse:collapse}td,th{border:1px solid var(--border);padding:2px 6px;font-size:13px;text-align:left}
.method{display:inline-block;min-width:4.5em;border-radius:4px;padding:0 .4em;font-size:.8em;color:#fff;background:#57606a}
.get{background:#0969da}.post{background:#1a7f37}.patch{background:#9a6700}.delete{background:#cf222e}
@media (max-width:720px){body{grid-template-columns:1fr}nav{position:static;height:auto}}
`;

let policy: Promise<string> | undefined;

/** The reference page's Content-Security-Policy: its own style block may apply, nothing may load or run. */
export function referencePagePolicy(): Promise<string> {
  policy ??= crypto.subtle.digest("SHA-256", new TextEncoder().encode(STYLE)).then((digest) => {
    const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
    return contentSecurityPolicy({
      "default-src": "'none'",
      "style-src": `'sha256-${hash}'`,
      "base-uri": "'none'",
      "form-action": "'none'",
      "frame-ancestors": "'none'",
    });
  });
  return policy;
}

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] as string,
  );

type Operation = {
  tags: string[];
  summary: string;
  description: string;
  parameters?: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};

function schemaBlock(schema: unknown): string {
  return `<pre><code>${escape(JSON.stringify(schema, null, 2))}</code></pre>`;
}

function inlineCode(text: string): string {
  return escape(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

/** A readable, dependency-free HTML reference generated from the OpenAPI document (served at /v1/docs). */
export function renderReferencePage(doc: OpenApiDocument): string {
  const byTag = new Map<string, { method: string; path: string; op: Operation }[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods as Record<string, Operation>)) {
      const tag = op.tags[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, op }]);
    }
  }
  const nav = [...byTag.keys()]
    .map((tag) => `<li><a href="#${escape(tag)}">${escape(tag)}</a></li>`)
    .join("");
  const sections = [...byTag.entries()]
    .map(
      ([tag, ops]) =>
        `<section id="${escape(tag)}"><h2>${escape(tag)}</h2>${ops
          .map(({ method, path, op }) => {
            const params = op.parameters?.length
              ? `<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Required</th><th>Schema</th></tr></thead><tbody>${op.parameters
                  .map(
                    (p) =>
                      `<tr><td><code>${escape(p.name)}</code></td><td>${p.in}</td><td>${p.required ? "yes" : "no"}</td><td><code>${escape(JSON.stringify(p.schema))}</code></td></tr>`,
                  )
                  .join("")}</tbody></table>`
              : "";
            const body = op.requestBody
              ? `<h4>Body</h4>${schemaBlock(Object.values(op.requestBody.content)[0]?.schema)}`
              : "";
            const ok = op.responses["200"];
            const response = ok?.content
              ? `<h4>Response 200</h4>${schemaBlock(Object.values(ok.content)[0]?.schema)}`
              : "";
            const errors = Object.entries(op.responses)
              .filter(([code]) => code !== "200")
              .map(([code, r]) => `<li><b>${code}</b> ${escape(r.description)}</li>`)
              .join("");
            return `<article><h3><span class="method ${method}">${method.toUpperCase()}</span> <code>/v1${escape(path)}</code></h3>
<p>${inlineCode(op.summary)}</p>${op.description
              .split("\n\n")
              .map((p) => `<p>${inlineCode(p)}</p>`)
              .join(
                "",
              )}${params}${body}${response}${errors ? `<h4>Errors</h4><ul>${errors}</ul>` : ""}</article>`;
          })
          .join("")}</section>`,
    )
    .join("");
  const components = Object.entries(doc.components.schemas)
    .map(
      ([id, schema]) =>
        `<article id="schema-${escape(id)}"><h3>${escape(id)}</h3>${schemaBlock(schema)}</article>`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(doc.info.title)} reference</title><style>${STYLE}</style></head><body><nav aria-label="Sections"><strong>${escape(doc.info.title)}</strong><p>v${escape(doc.info.version)} · <a href="/v1/openapi.json">openapi.json</a></p><ul>${nav}<li><a href="#schemas">Schemas</a></li></ul></nav>
<main><h1>${escape(doc.info.title)}</h1><p>${escape(doc.info.description)}</p><p>Authenticate with <code>Authorization: Bearer &lt;secret key or access token&gt;</code>. Success bodies are <code>{"data": ...}</code>; errors are <code>{"errors": [{"key", "message"}]}</code>.</p>
${sections}<section id="schemas"><h2>Schemas</h2>${components}</section></main></body></html>`;
}
