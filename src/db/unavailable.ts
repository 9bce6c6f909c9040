// Telling "the database is unreachable" apart from every other failure, so callers answer 503 (retry
// later) instead of 500 (a bug), and a short error summary for logs.

/** postgres.js's own connection failures and the socket errors it passes through. */
const CONNECTION_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
]);

/**
 * SQLSTATEs that mean "this server or database cannot serve you right now": class 08 (connection
 * exception), 57P01–57P05 (admin shutdown, crash shutdown, cannot connect now, …), 53300 (too many
 * connections), 57014 (statement timeout / cancel), 3D000 (database does not exist, e.g. mid-restore).
 */
function isUnavailableSqlState(code: string, message: string): boolean {
  if (code.startsWith("08") || code.startsWith("57P")) return true;
  if (code === "53300" || code === "57014" || code === "3D000") return true;
  // ALTER DATABASE … ALLOW_CONNECTIONS false answers 55000 with this text.
  return code === "55000" && /not currently accepting connections/i.test(message);
}

/** True when `error` (or its cause) says the database cannot be reached or is refusing work. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? "");
    const message = String((e as { message?: unknown }).message ?? "");
    if (CONNECTION_CODES.has(code) || isUnavailableSqlState(code, message)) return true;
  }
  return false;
}

/** One line for a log: the error's name, code and message, never the library source it came from. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const code = (error as { code?: unknown }).code;
  return `${error.name}${code ? ` [${String(code)}]` : ""}: ${error.message}`.slice(0, 500);
}
