import { Suspense, use } from "react";

export type Health = { status: "ok"; version: string } | { status: "unreachable" };

/**
 * Asks the API whether it is up. Never rejects: a failed request is a status to show, not an error to throw.
 * The dashboard will move to sdk's client once it exists; this placeholder only needs the public health route.
 */
export async function fetchHealth(): Promise<Health> {
  try {
    const response = await fetch("/v1/health", { headers: { accept: "application/json" } });
    if (!response.ok) return { status: "unreachable" };
    const body: unknown = await response.json();
    const data = typeof body === "object" && body !== null && "data" in body ? body.data : undefined;
    if (typeof data === "object" && data !== null && "status" in data && data.status === "ok") {
      const version = "version" in data && typeof data.version === "string" ? data.version : "unknown";
      return { status: "ok", version };
    }
    return { status: "unreachable" };
  } catch {
    return { status: "unreachable" };
  }
}

function ApiStatus({ health }: { health: Promise<Health> }) {
  const result = use(health);
  return (
    <>
      <span className="status-dot" data-status={result.status} aria-hidden="true" />
      <span>API: {result.status}</span>
    </>
  );
}

function ApiVersion({ health }: { health: Promise<Health> }) {
  const result = use(health);
  return result.status === "ok" ? <p className="meta">Server version {result.version}</p> : null;
}

export function App({ health }: { health: Promise<Health> }) {
  return (
    <main className="page">
      <section className="card" aria-labelledby="page-title">
        <h1 id="page-title">Jobs Panel</h1>
        <p className="lead">The dashboard is coming soon. The Jobs API is already running behind it.</p>
        <p className="status" role="status" aria-live="polite">
          <Suspense
            fallback={
              <>
                <span className="status-dot" data-status="checking" aria-hidden="true" />
                <span>API: checking…</span>
              </>
            }
          >
            <ApiStatus health={health} />
          </Suspense>
        </p>
        <Suspense>
          <ApiVersion health={health} />
        </Suspense>
        <p className="meta">
          <a href="/v1/docs">API reference</a> · <a href="/v1/openapi.json">OpenAPI description</a>
        </p>
      </section>
    </main>
  );
}
