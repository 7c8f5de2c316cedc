/** Where the listener reports what it cannot throw to anyone: failed handlers, dropped connections, resets. */
export type Logger = {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
};

/** The default logger: `console`, with a `[jobs-listener]` prefix; debug messages are dropped. */
export const consoleLogger: Logger = {
  debug: () => undefined,
  info: (message, details) => console.info(`[jobs-listener] ${message}`, ...(details ? [details] : [])),
  warn: (message, details) => console.warn(`[jobs-listener] ${message}`, ...(details ? [details] : [])),
  error: (message, details) => console.error(`[jobs-listener] ${message}`, ...(details ? [details] : [])),
};

/** A logger that drops everything (tests, or a caller that watches the listener another way). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** A readable message for anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
