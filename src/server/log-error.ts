// Error stacks for the log: a few frames, each cut short, so a throw inside a minified library does
// not paste kilobytes of its source (Bun prints the offending source line) into the log.

const MAX_FRAMES = 8;
const MAX_FRAME_CHARS = 200;

/** The "at …" frames of err.stack, at most 8, each at most 200 characters, control characters escaped. */
export function shortStack(error: unknown): string {
  const stack = error instanceof Error && typeof error.stack === "string" ? error.stack : "";
  return stack
    .split("\n")
    .filter((line) => /^\s*at\s/.test(line))
    .slice(0, MAX_FRAMES)
    .map((line) => `  ${line.trim().slice(0, MAX_FRAME_CHARS)}`)
    .join("\n");
}
