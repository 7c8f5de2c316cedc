import type { QueryClient } from "@tanstack/react-query";
import type { Job } from "../../../lib/api-types";
import { jobKeys } from "./jobs-query-options";

/**
 * Puts a full job read from the API (or answered by a command) in every list and detail that holds it, unless they
 * already hold a newer one.
 */
export function replaceJob(client: QueryClient, job: Job): void {
  const fresher = (item: Job) => Date.parse(job.updatedAt) >= Date.parse(item.updatedAt);
  client.setQueriesData<Job[]>({ queryKey: jobKeys.lists() }, (jobs) =>
    jobs?.map((item) => (item.id === job.id && fresher(item) ? job : item)),
  );
  client.setQueryData<Job>(jobKeys.detail(job.id), (item) => (!item || fresher(item) ? job : item));
}
