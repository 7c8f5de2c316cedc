export {
  MAINTENANCE_DEFAULTS,
  startMaintenance,
  type Maintenance,
  type MaintenanceDuty,
  type MaintenanceOptions,
} from "./start-maintenance";
export { runScheduler, SCHEDULER_ACTOR, scheduleKey, type SchedulerReport } from "./scheduler";
export { runWatchdog, WATCHDOG_ACTOR, type WatchdogOptions } from "./watchdog";
export { runRetention, type RetentionOptions, type RetentionReport } from "./retention";
