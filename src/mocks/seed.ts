/**
 * Seeding mock mode the way `npm start` seeds a real server: the demo space ("October Report", `metadata.demo`),
 * built by the demo listener's `space:configure` job, and the tokens the printed links carry.
 */
import type { ApiClient } from "../sdk";

/** The demo space as `scripts/start.ts` creates it. */
export const DEMO_SPACE = { name: "October Report", metadata: { demo: true } } as const;

/** What the dashboard and the tests need of a built demo space: plain ids and tokens (they cross `page.evaluate`). */
export type MockDemoSpace = {
  spaceId: string;
  workbookId: string;
  sheetId: string;
  documentId: string;
  fileId: string;
  /** An end user's token for the space, and an operator's. */
  userToken: string;
  operatorToken: string;
};

const FINAL = new Set(["complete", "failed", "canceled"]);

/** Polls `jobId` until it is final; answers its status. */
export async function waitForJob(admin: ApiClient, jobId: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await admin.jobs.get(jobId);
    if (FINAL.has(job.status)) return job.status;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Creates a demo space and waits until the (simulated) demo listener has built it: workbook of 60 contacts,
 * document, sample file. Needs a mounted demo listener.
 */
export async function createDemoSpace(
  admin: ApiClient,
  name: string = DEMO_SPACE.name,
): Promise<MockDemoSpace> {
  const space = await admin.spaces.create({ name, metadata: { ...DEMO_SPACE.metadata } });
  const { data: jobs } = await admin.jobs.list({ spaceId: space.id, type: "space" });
  const configure = jobs[0];
  if (!configure) throw new Error("the space got no space:configure job");
  const status = await waitForJob(admin, configure.id);
  if (status !== "complete") throw new Error(`space:configure ended ${status}`);
  const built = await admin.spaces.get(space.id);
  const resources = (built.metadata as { resources?: Record<string, string> }).resources ?? {};
  const { data: workbooks } = await admin.workbooks.list({ spaceId: space.id });
  const workbook = workbooks[0];
  const sheet = workbook?.sheets[0];
  if (!workbook || !sheet || !resources.documentId || !resources.fileId) {
    throw new Error("the demo listener did not build the space's workbook, document and file");
  }
  const user = await admin.auth.createToken({ role: "user", spaceId: space.id, subject: "mock-user" });
  const operator = await admin.auth.createToken({ role: "operator", subject: "mock-operator" });
  return {
    spaceId: space.id,
    workbookId: workbook.id,
    sheetId: sheet.id,
    documentId: resources.documentId,
    fileId: resources.fileId,
    userToken: user.token,
    operatorToken: operator.token,
  };
}
