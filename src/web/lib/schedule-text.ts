import type { ActionSchedule } from "../../core";

const TEXT: Record<ActionSchedule, string> = {
  hourly: "every hour, on the hour",
  daily: "every day at 00:00 UTC",
  weekly: "every Monday at 00:00 UTC",
};

/** When a schedule runs, as people read it ("every day at 00:00 UTC"); core's slots are UTC. */
export const scheduleText = (schedule: ActionSchedule): string => TEXT[schedule];
