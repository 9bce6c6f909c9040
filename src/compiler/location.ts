// Positions in the original TSX: offset → 1-based line/column, and the short code frame shown with errors.

export interface Location {
  line: number;
  column: number;
}

/** 1-based line and column of a character offset in `code`. */
export function locate(code: string, offset: number): Location {
  const end = Math.max(0, Math.min(offset, code.length));
  let line = 1;
  let lineStart = 0;
  for (let i = code.indexOf("\n"); i !== -1 && i < end; i = code.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/** Two lines of context either side of `line`, numbered, with a caret under `column`. */
export function codeFrame(code: string, line: number, column: number | null, context = 2): string {
  const lines = code.split(/\r?\n/);
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === line ? ">" : " ";
    const text = lines[n - 1] ?? "";
    out.push(`${marker} ${String(n).padStart(width)} | ${text}`.trimEnd());
    if (n === line && column !== null) {
      const pad = text.slice(0, column - 1).replace(/[^\t]/g, " ");
      out.push(`  ${" ".repeat(width)} | ${pad}^`);
    }
  }
  return out.join("\n");
}
