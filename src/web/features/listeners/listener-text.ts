import { topicMatches, type ListenerHandler } from "../../../core";
import type { Job } from "../../lib/api-types";
import { jobTitle } from "../../lib/job-title";

/** The `job` filter's values of a registration (`{ job: "workbook:export" }`, or `payload.job`), when it has one. */
function jobFilterValues(handler: ListenerHandler): string[] | undefined {
  for (const filter of handler.filters ?? []) {
    const value = filter.job ?? filter["payload.job"];
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  }
  return undefined;
}

/** "workbook:export" as people read it ("Export (workbook)"); a glob ("workbook:*") as it is written. */
function jobNameText(name: string): string {
  const colon = name.indexOf(":");
  if (colon < 0 || name.includes("*") || name.includes("?")) return name;
  return jobTitle({ type: name.slice(0, colon) as Job["type"], operation: name.slice(colon + 1) });
}

/**
 * What a listener handles, as readable job names, once each: "Export (workbook)" for a job filter, "Every job" for
 * `job:ready` with no job filter (or `**`), and the topics themselves ("space:created events") for other events.
 */
export function handledText(handles: readonly ListenerHandler[]): string[] {
  const texts = new Set<string>();
  for (const handler of handles) {
    if (!topicMatches(handler.topics, "job:ready")) {
      texts.add(`${handler.topics.join(", ")} events`);
      continue;
    }
    const jobs = jobFilterValues(handler);
    if (!jobs) texts.add("Every job");
    else for (const job of jobs) texts.add(jobNameText(job));
  }
  return [...texts];
}
