// GET /scenes.csv and /scenes.json: the scenes list as filtered and sorted on screen (same query string),
// streamed chunk by chunk and capped at DOWNLOAD_CAP rows (the JSON says whether it was cut).
import type { Context } from "hono";
import type { DashboardSceneRow } from "../../db/queries.ts";
import { DOWNLOAD_CAP } from "../../services/dashboard.ts";
import type { AppEnv } from "../context.ts";
import { parseFilterState, toFilter } from "./list-page.ts";

/** The columns of both downloads, in order, and how each reads a row. */
const COLUMNS: [string, (r: DashboardSceneRow) => string | number | null][] = [
  ["id", (r) => r.id],
  ["name", (r) => r.name],
  ["projectId", (r) => r.projectId],
  ["status", (r) => r.status],
  ["compilationVersion", (r) => r.compilationVersion],
  ["jsCompiledAt", (r) => r.jsCompiledAt?.toISOString() ?? null],
  ["compileMs", (r) => r.compileMs],
  ["tsxBytes", (r) => r.tsxBytes],
  ["jsBytes", (r) => r.jsBytes],
  ["errorMessage", (r) => r.errorMessage],
  ["updatedAt", (r) => new Date(r.updatedAt).toISOString()],
];

/**
 * One CSV field: quoted when it holds a quote, comma or line break; a text starting with = + - @ gets a
 * leading apostrophe so a spreadsheet shows it instead of running it as a formula.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (cells: (string | number | null)[]) => `${cells.map(csvField).join(",")}\r\n`;
const jsonRow = (r: DashboardSceneRow) => JSON.stringify(Object.fromEntries(COLUMNS.map(([name, read]) => [name, read(r)])));

function download(c: Context<AppEnv>, format: "csv" | "json") {
  const state = parseFilterState((name) => c.req.query(name));
  const rows = c.var.services.dashboard.downloadRows({ ...toFilter(state), sort: state.sort });
  const encoder = new TextEncoder();
  let first = true;
  let truncated = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(format === "csv" ? csvLine(COLUMNS.map(([name]) => name)) : '{"scenes":['));
    },
    // One chunk of rows per pull: the stream reads the next query only when the client has taken the last.
    // A pull must enqueue or close (a pending read waits on it), so an empty chunk reads on to the next.
    async pull(controller) {
      for (;;) {
        const next = await rows.next();
        if (next.done) {
          if (format === "json") controller.enqueue(encoder.encode(`],"cap":${DOWNLOAD_CAP},"truncated":${truncated}}\n`));
          controller.close();
          return;
        }
        truncated = next.value.more;
        const { rows: chunk } = next.value;
        if (!chunk.length) continue;
        const text = format === "csv"
          ? chunk.map((r) => csvLine(COLUMNS.map(([, read]) => read(r)))).join("")
          : `${first ? "" : ","}${chunk.map(jsonRow).join(",")}`;
        first = false;
        controller.enqueue(encoder.encode(text));
        return;
      }
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  return c.body(body, 200, {
    "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
    "content-disposition": `attachment; filename="scenes.${format}"`,
    "cache-control": "no-store",
  });
}

export const scenesCsv = (c: Context<AppEnv>) => download(c, "csv");
export const scenesJson = (c: Context<AppEnv>) => download(c, "json");
