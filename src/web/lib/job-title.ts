import { systemJobTitle } from "../../core";
import type { Job } from "./api-types";

/**
 * An identifier as words, in sentence case: "myCustomOperation" and "my-custom_operation" become "My custom
 * operation", "exportCSV" becomes "Export CSV" (words in capitals stay so).
 */
export function readableName(identifier: string): string {
  const words = identifier
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s\-_:.]+/)
    .filter(Boolean)
    .map((word, index) => {
      const kept = word.length > 1 && word === word.toUpperCase() ? word : word.toLowerCase();
      return index === 0 ? kept.charAt(0).toUpperCase() + kept.slice(1) : kept;
    });
  return words.join(" ");
}

/**
 * A job's name when no mounted action labels it (`useJobTitle` prefers the action's label, "Export Data"): the
 * platform's own jobs by what they do ("Extract contacts.csv"), others by their operation in words and what they run
 * on, "My custom operation (workbook)".
 */
export function jobTitle(job: Pick<Job, "type" | "operation"> & { metadata?: Job["metadata"] }): string {
  const named = systemJobTitle(job);
  if (named !== undefined) return named;
  const operation = readableName(job.operation);
  return operation ? `${operation} (${job.type})` : readableName(job.type);
}
