// The process's structured log: pino, one JSON object per line on stdout (or a stream a test captures).
import pino, { type DestinationStream, type Logger } from "pino";
import { shortStack } from "../server/log-error.ts";

export type { Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** An error as log fields: its message and a short stack (a few frames, no pasted library source). */
export function errorFields(error: unknown): { error: { type: string; message: string; stack: string } } {
  const e = error instanceof Error ? error : new Error(String(error));
  return { error: { type: e.name, message: e.message, stack: shortStack(e) } };
}

/**
 * A logger writing synchronously to `destination` (default stdout): a crash or exit never loses the
 * last lines, and at our request rates a write per request costs far less than the request itself.
 */
export function createLogger(level: LogLevel = "info", destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "clapper" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
