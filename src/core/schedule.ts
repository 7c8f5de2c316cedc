import type { ActionSchedule as Schedule } from "./schemas/action";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** 1970-01-05 was a Monday: weeks counted from it start on Monday 00:00 UTC. */
const FIRST_MONDAY_MS = 4 * DAY_MS;

/**
 * The start of the slot of `schedule` that contains `at`: the hour (:00), the day (00:00 UTC) or the week (Monday
 * 00:00 UTC). All in UTC so that every instance, whatever its time zone, agrees on the slots.
 */
export function slotContaining(schedule: Schedule, at: Date): Date {
  const ms = at.getTime();
  switch (schedule) {
    case "hourly":
      return new Date(ms - mod(ms, HOUR_MS));
    case "daily":
      return new Date(ms - mod(ms, DAY_MS));
    case "weekly":
      return new Date(ms - mod(ms - FIRST_MONDAY_MS, 7 * DAY_MS));
  }
}

/** The first slot of `schedule` that starts strictly after `at`. */
export function nextSlotAfter(schedule: Schedule, at: Date): Date {
  const start = slotContaining(schedule, at);
  return new Date(start.getTime() + slotLength(schedule));
}

function slotLength(schedule: Schedule): number {
  return schedule === "hourly" ? HOUR_MS : schedule === "daily" ? DAY_MS : 7 * DAY_MS;
}

/** A remainder that is never negative (times before 1970 too). */
const mod = (value: number, by: number) => ((value % by) + by) % by;

/** What a scheduled action's job keeps in its `metadata`: its schedule, and the slot (ISO time) it runs at. */
export type ScheduledJobMetadata = { schedule: Schedule; scheduledFor: string };

const SCHEDULES: readonly string[] = ["hourly", "daily", "weekly"];

/** The scheduled run a job stands for (from its metadata), or undefined for a job no schedule made. */
export function scheduledRun(job: { metadata?: Record<string, unknown> }): ScheduledJobMetadata | undefined {
  const { schedule, scheduledFor } = (job.metadata ?? {}) as Partial<Record<string, unknown>>;
  if (typeof schedule !== "string" || !SCHEDULES.includes(schedule)) return undefined;
  if (typeof scheduledFor !== "string" || Number.isNaN(Date.parse(scheduledFor))) return undefined;
  return { schedule: schedule as Schedule, scheduledFor };
}
