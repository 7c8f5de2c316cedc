/**
 * What the scenario panel provokes: situations a real backend rarely produces on demand. Each one goes through the
 * same handlers as everything else (jobs are created with the secret key and run by the simulated listener; faults
 * act on the transport), so the dashboard meets them exactly as it would meet them in production.
 */
import { createClient, type ApiClient } from "../sdk";
import { createMockApi, type MockFaults } from "./mock-api";
import { SCENARIO_JOBS } from "./simulated-listener";

type Job = Awaited<ReturnType<ApiClient["jobs"]["create"]>>;

/** The key of a server that is not this one: tokens it signs are refused here. */
const FOREIGN_SECRET_KEY = "sk_mock_foreign_000000000000";

export const BURST_SIZE = 1_000;
/** Jobs of a burst created at once; enough to be a burst, few enough not to starve the page's other requests. */
const BURST_CONCURRENCY = 25;

export type ScenarioTarget = { spaceId: string; workbookId: string };

export type Scenarios = {
  /** A background job that takes about 30 s, with progress, `info` and `estimatedCompletionAt` at each step. */
  slowJob: () => Promise<Job>;
  /** A job the listener fails after a moment (its outcome says why). */
  failingJob: () => Promise<Job>;
  /** `count` (1,000) jobs created as fast as the API takes them; the listener completes each. Answers the count. */
  burst: (count?: number) => Promise<number>;
  /** Cuts every event stream and refuses new ones for `downForMs` (3 s); clients reconnect and resume. */
  dropStream: (downForMs?: number) => number;
  /** The dashboard's next request answers 500 with the API's error body; resolves once it has. */
  serverErrorOnNextCall: () => Promise<{ method: string; path: string }>;
  /** A user token for the space that the server refuses (signed with another key). */
  refusedUserToken: () => Promise<string>;
};

export function createScenarios(options: {
  admin: ApiClient;
  faults: MockFaults;
  /** Where scenario jobs run (the demo workbook). */
  target: () => ScenarioTarget;
}): Scenarios {
  const { admin, faults, target } = options;
  const create = (job: { type: "workbook"; operation: string }) =>
    admin.jobs.create({ ...job, source: target().workbookId, trigger: "immediate" });

  return {
    slowJob: () => create(SCENARIO_JOBS.slow),
    failingJob: () => create(SCENARIO_JOBS.failing),
    burst: async (count = BURST_SIZE) => {
      let next = 0;
      const worker = async () => {
        while (next < count) {
          next += 1;
          await create(SCENARIO_JOBS.burst);
        }
      };
      await Promise.all(Array.from({ length: Math.min(BURST_CONCURRENCY, count) }, worker));
      return count;
    },
    dropStream: (downForMs = 3_000) => faults.dropStreams({ downForMs }),
    serverErrorOnNextCall: () => faults.failNextCall(),
    refusedUserToken: async () => {
      // Minted by a second mock server with its own key: a well-formed token this server's signature check refuses.
      const foreign = createMockApi({ secretKey: FOREIGN_SECRET_KEY });
      const client = createClient({
        baseUrl: "http://foreign.invalid",
        token: FOREIGN_SECRET_KEY,
        fetch: (input, init) => foreign.fetch(new Request(input, init)),
      });
      const { token } = await client.auth.createToken({
        role: "user",
        spaceId: target().spaceId,
        subject: "refused-user",
      });
      return token;
    },
  };
}
