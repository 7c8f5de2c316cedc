/**
 * Playwright fixtures shared by the specs: the API client with the secret key, a demo space built by the real demo
 * listener (which Playwright starts beside the server), signed-in pages, axe checks and screenshots saved as test
 * artifacts.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type Page, type TestInfo } from "@playwright/test";
import { createClient, type ApiClient } from "../src/sdk";

export { expect };

export const baseUrl = process.env.E2E_BASE_URL!;
export const admin: ApiClient = createClient({ baseUrl, token: process.env.E2E_API_SECRET_KEY! });

type Workbook = Awaited<ReturnType<ApiClient["workbooks"]["get"]>>;
type Sheet = Workbook["sheets"][number];
type Job = Awaited<ReturnType<ApiClient["jobs"]["get"]>>;

export type DemoSpace = {
  spaceId: string;
  workbook: Workbook;
  sheet: Sheet;
  documentId: string;
  fileId: string;
  /** An end user's token for the space, and an operator's. */
  userToken: string;
  operatorToken: string;
};

/** Waits until `jobId` is final (polling the API, the shared server's unless `api` is another's); answers it. */
export async function settled(jobId: string, timeoutMs = 30_000, api: ApiClient = admin): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await api.jobs.get(jobId);
    if (["complete", "failed", "canceled"].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A new demo space, built by the demo listener's `space:configure` job (workbook, 60 contacts, document, file), on
 * the shared server unless `api` is another server's client (with its secret key).
 */
export async function createDemoSpace(
  name = "E2E demo",
  api: ApiClient = admin,
  timeoutMs = 30_000,
): Promise<DemoSpace> {
  const space = await api.spaces.create({ name, metadata: { demo: true } });
  const { data: jobs } = await api.jobs.list({ spaceId: space.id, type: "space" });
  const configure = jobs[0];
  if (!configure) throw new Error("the space got no space:configure job");
  const done = await settled(configure.id, timeoutMs, api);
  if (done.status !== "complete") throw new Error(`space:configure ended ${done.status}: ${done.info ?? ""}`);
  const built = await api.spaces.get(space.id);
  const resources = (built.metadata as { resources?: Record<string, string> }).resources ?? {};
  const { data: workbooks } = await api.workbooks.list({ spaceId: space.id });
  const workbook = workbooks[0]!;
  const user = await api.auth.createToken({ role: "user", spaceId: space.id, subject: "e2e-user" });
  const operator = await api.auth.createToken({ role: "operator", subject: "e2e-operator" });
  return {
    spaceId: space.id,
    workbook,
    sheet: workbook.sheets[0]!,
    documentId: resources.documentId!,
    fileId: resources.fileId!,
    userToken: user.token,
    operatorToken: operator.token,
  };
}

/** Opens `path` of the dashboard signed in with `token` (the printed link's `#token=` form). */
export async function openSignedIn(page: Page, token: string, path = "/"): Promise<void> {
  await page.goto(`${path}#token=${token}`);
}

/** Fails the test with the list of serious or critical axe violations on the page (or within `include`). */
export async function expectNoSeriousViolations(page: Page, what: string, include?: string): Promise<void> {
  const judge = async () => {
    await animationsSettled(page);
    let builder = new AxeBuilder({ page });
    if (include) builder = builder.include(include);
    const results = await builder.analyze();
    return results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  };
  // A background job's toast may start fading in while axe reads the page and be judged at part opacity. Such a
  // finding is gone once the animation ends, so a page with findings is judged once more; a real violation stays.
  const first = await judge();
  const serious = first.length === 0 ? first : await judge();
  expect(serious, `axe violations in ${what}`).toEqual([]);
}

/**
 * Waits until finite animations (a toast or dialog fading in) have ended and a short quiet spell passes with none
 * starting; spinners and pulses run forever and are left alone.
 */
async function animationsSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const finite = () =>
      document.getAnimations().filter((animation) => animation.effect?.getTiming().iterations !== Infinity);
    for (let round = 0; round < 20; round++) {
      const running = finite().filter((animation) => animation.playState === "running");
      if (running.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        if (finite().every((animation) => animation.playState !== "running")) return;
        continue;
      }
      await Promise.all(running.map((animation) => animation.finished.catch(() => undefined)));
    }
  });
}

/** Saves a screenshot of the page as an artifact of the test (test-results/<test>/<name>.png). */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

/** Makes the browser prefer `theme`; call before the first visit (a new visitor's theme follows the system's). */
export async function preferTheme(page: Page, theme: "light" | "dark"): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
}

export const test = base.extend<{ demo: DemoSpace }>({
  // A fresh demo space per test that asks for one (specs run in parallel; spaces keep them apart).
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function asks for from its first parameter
  demo: async ({}, use, testInfo) => {
    await use(await createDemoSpace(`E2E ${testInfo.title}`.slice(0, 120)));
  },
});
