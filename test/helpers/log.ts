// A real pino logger whose JSON lines a test can read back (the same createLogger the server uses).
import { createLogger, type LogLevel, type Logger } from "../../src/observability/logger.ts";

export interface CapturedLog {
  logger: Logger;
  /** Every line written so far, parsed. */
  entries(): Record<string, any>[];
}

export function captureLog(level: LogLevel = "info"): CapturedLog {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  return { logger, entries: () => lines.map((line) => JSON.parse(line)) };
}
