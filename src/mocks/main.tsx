/**
 * The entry of mock mode (`npm run dev:mock`, `npm run build:mock`; see vite.mock.config.ts): the dashboard with
 * no backend. Starts the MSW worker in front of the server's own app over the in-memory store, mounts the real demo
 * listener in the page, seeds the demo space as `npm start` does, then mounts the dashboard signed in as the demo
 * space's end user, and the scenario panel in a root of its own. Everything lives in this page: a reload starts
 * over with a new store.
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { DEFAULT_ACCOUNT_ID, DEFAULT_ENVIRONMENT_ID } from "../server/app";
import { startMaintenance } from "../server/maintenance";
import { createClient } from "../sdk";
import { startMockWorker } from "./browser";
import { createMockApi } from "./mock-api";
import { ScenarioPanel } from "./scenario-panel";
import { createScenarios } from "./scenarios";
import { createDemoSpace } from "./seed";
import { startSimulatedListener } from "./simulated-listener";
import type { MockJob } from "./test-hook";

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element");

const linkTo = (path: string, token: string) => `${path}#token=${token}`;

async function boot(root: HTMLElement): Promise<void> {
  root.textContent = "Starting mock mode…";
  const mock = createMockApi();
  // The server's background duties, as the real server runs them: scheduled actions, the watchdog, retention.
  const services = {
    store: mock.store,
    now: () => new Date(),
    environmentId: DEFAULT_ENVIRONMENT_ID,
    accountId: DEFAULT_ACCOUNT_ID,
  };
  startMaintenance(services);
  // And the platform's own worker, which extracts uploaded files and runs imports, here in the page.
  mock.startSystemWorker();
  const worker = await startMockWorker(mock.handlers);
  const unhandledApiRequests: string[] = [];
  worker.events.on("request:unhandled", ({ request }) => {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/v1/")) unhandledApiRequests.push(`${request.method} ${url.pathname}`);
  });

  const origin = window.location.origin;
  await startSimulatedListener({ baseUrl: origin, secretKey: mock.secretKey });
  const admin = createClient({ baseUrl: origin, token: mock.secretKey });
  const demo = await createDemoSpace(admin);

  // Loaded only now: the session store reads the address bar as it loads.
  const { mountDashboard } = await import("./dashboard");
  root.textContent = "";
  const dashboard = mountDashboard(root, linkTo(`/space/${demo.spaceId}`, demo.userToken));

  const scenarios = createScenarios({ admin, faults: mock.faults, target: () => demo });
  window.__mockApi = {
    demo,
    createDemoSpace: (name) => createDemoSpace(admin, name),
    jobs: async (spaceId) => {
      const { data } = await admin.jobs.list({ spaceId, pageSize: 1000 });
      return data.map((job): MockJob => ({
        id: job.id,
        type: job.type,
        operation: job.operation,
        status: job.status,
        ...(job.progress === undefined ? {} : { progress: job.progress }),
      }));
    },
    mutate: async (sheetId, mutateRecord) => {
      const created = await admin.jobs.create({
        type: "sheet",
        operation: "mutate-records",
        source: sheetId,
        config: { sheetId, mutateRecord },
      });
      for (;;) {
        const job = await admin.jobs.get(created.id);
        if (job.status === "complete" || job.status === "failed" || job.status === "canceled")
          return { status: job.status, ...(job.outcome?.message ? { message: job.outcome.message } : {}) };
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    openLink: (link) => dashboard.openLink(link),
    unhandledApiRequests,
    scenarios,
  };

  const panel = document.createElement("div");
  panel.id = "mock-panel";
  document.body.append(panel);
  createRoot(panel).render(
    <StrictMode>
      <ScenarioPanel
        scenarios={scenarios}
        signInAs={async (who) => {
          // A fresh token each time: the previous one may have been signed out.
          const { token } = await admin.auth.createToken(
            who === "user"
              ? { role: "user", spaceId: demo.spaceId, subject: "mock-user" }
              : { role: "operator", subject: "mock-operator" },
          );
          dashboard.openLink(linkTo(who === "user" ? `/space/${demo.spaceId}` : "/", token));
        }}
        signInWith={(token) => dashboard.openLink(linkTo(`/space/${demo.spaceId}`, token))}
      />
    </StrictMode>,
  );
}

boot(container).catch((error: unknown) => {
  console.error("mock mode could not start", error);
  container.textContent = `Mock mode could not start: ${error instanceof Error ? error.message : String(error)}`;
});
