// `bun run backfill`: compile stored scenes that lack (current) JS, in batches, resumable.
import { parseArgs } from "node:util";
import { databaseOptions, loadConfigWith } from "../src/config.ts";
import { openDatabase } from "../src/db/open.ts";
import type { BackfillRunRow } from "../src/db/queries.ts";
import type { BackfillHandle, BackfillService } from "../src/services/backfill.ts";
import { createServices, type Services } from "../src/services/index.ts";
import type { ReverifyProgress } from "../src/services/reverify.ts";
import { backfillFigures, formatDuration, formatRate } from "../src/services/backfill-figures.ts";
import { AppError } from "../src/services/errors.ts";

const USAGE = `Usage: bun run backfill [options]

Compiles scenes whose JS is missing (default) or outdated, in batches. One run per database;
a killed run resumes from its last committed batch.

  --batch-size N        scenes per batch (default 100)
  --only-missing        only scenes without JS (default unless --target-version is given)
  --target-version N    compile to artifact version N (1 or 2) and upgrade every outdated scene
  --dry-run             compile and count, write nothing to scenes
  --resume [RUN_ID]     continue a run (default: the interrupted one)
  --workers N           compile on N worker threads (default BACKFILL_WORKERS or 0 = main thread)
  --reverify            verify every stored artifact again without recompiling (writes compileMeta.verify
                        only, no compile events); combines with --batch-size only
  --database-url URL    postgres://… or a PGlite directory (default DATABASE_URL, else ./data/pglite)
  -h, --help

Exit codes: 0 all compiled · 1 some scenes failed, or the run failed/was cancelled · 2 bad usage or
another run is active.`;

class UsageError extends Error {}

interface CliOptions {
  batchSize?: number;
  onlyMissing?: boolean;
  targetVersion?: number;
  dryRun: boolean;
  reverify: boolean;
  resume: string | true | undefined;
  workers?: number;
  databaseUrl: string | undefined;
}

function integerFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} expects a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

function parseCli(argv: string[]): CliOptions | "help" {
  // `--resume` takes an optional value, which parseArgs cannot express: peel it off first.
  const args = [...argv];
  let resume: string | true | undefined;
  const at = args.indexOf("--resume");
  if (at >= 0) {
    const value = args[at + 1];
    const hasValue = value !== undefined && !value.startsWith("-");
    resume = hasValue ? value : true;
    args.splice(at, hasValue ? 2 : 1);
  }
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        "batch-size": { type: "string" },
        "only-missing": { type: "boolean" },
        "target-version": { type: "string" },
        "dry-run": { type: "boolean" },
        reverify: { type: "boolean" },
        workers: { type: "string" },
        "database-url": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return "help";
  if (resume && (values["batch-size"] || values["target-version"] || values["only-missing"] || values["dry-run"])) {
    throw new UsageError("--resume continues a run with its own options; do not combine it with run options");
  }
  if (values.reverify && (resume || values["target-version"] || values["only-missing"] || values["dry-run"] || values.workers)) {
    throw new UsageError("--reverify recompiles nothing; it only combines with --batch-size and --database-url");
  }
  if (values.reverify && integerFlag("batch-size", values["batch-size"]) === 0) throw new UsageError("--batch-size must be at least 1");
  return {
    reverify: values.reverify ?? false,
    batchSize: integerFlag("batch-size", values["batch-size"]),
    onlyMissing: values["only-missing"],
    targetVersion: integerFlag("target-version", values["target-version"]),
    dryRun: values["dry-run"] ?? false,
    resume,
    workers: integerFlag("workers", values.workers),
    databaseUrl: values["database-url"],
  };
}

/** A one-line progress display: a redrawn bar on a TTY, a plain line at most once a second otherwise. */
function progressPrinter(tty: boolean) {
  let lastPlain = 0;
  return (run: BackfillRunRow, final = false) => {
    const f = backfillFigures(run);
    const counts = `${run.processed}/${run.total ?? "?"} · ok ${run.succeeded} · failed ${run.failed} · skipped ${run.skipped}`;
    const speed = `${formatRate(f.rate)} · ETA ${formatDuration(f.etaSeconds)}`;
    if (tty) {
      const width = 30;
      const filled = Math.round((f.percent / 100) * width);
      const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
      process.stdout.write(`\r\x1b[2K${bar} ${f.percent.toFixed(1).padStart(5)}% ${counts} · ${speed}${final ? "\n" : ""}`);
      return;
    }
    const now = Date.now();
    if (!final && now - lastPlain < 1000) return;
    lastPlain = now;
    console.log(`progress ${f.percent.toFixed(1)}% ${counts} · ${speed}`);
  };
}

async function printSummary(run: BackfillRunRow, backfill: BackfillService) {
  const f = backfillFigures(run);
  console.log(
    `\nBackfill run ${run.id} ${run.status}${run.options.dryRun ? " (dry run: nothing written)" : ""}\n` +
      `  processed ${run.processed} of ${run.total ?? "?"}: ${run.succeeded} compiled, ${run.failed} failed, ` +
      `${run.skipped} skipped (edited meanwhile)\n` +
      `  time ${formatDuration(f.elapsedSeconds)} · ${formatRate(f.rate)}`,
  );
  if (run.error) console.log(`  error: ${run.error.message}`);
  const failures = run.failed > 0 ? await backfill.failures(run, 20) : [];
  if (failures.length > 0) {
    console.log("  failed scenes:");
    for (const x of failures) console.log(`    ${x.sceneId} ${x.name ?? ""}: ${x.message ?? "?"}${x.line ? ` (line ${x.line})` : ""}`);
    if (run.failed > failures.length) console.log(`    … and ${run.failed - failures.length} more (see /backfill/${run.id})`);
  }
  if (run.status === "running") console.log(`  resume with: bun run backfill --resume ${run.id}`);
}

/** `--reverify`: verification again over stored JS; exit 1 when any scene failed verification. */
async function reverify(services: Services, batchSize: number | undefined): Promise<number> {
  const tty = !!process.stdout.isTTY;
  let lastPlain = 0;
  const show = (p: ReverifyProgress, final = false) => {
    const percent = p.total === 0 ? 100 : (100 * p.processed) / p.total;
    const counts = `${p.processed}/${p.total} · ok ${p.ok} · unverified ${p.failed} · skipped ${p.skipped} · changed ${p.changed}`;
    const rate = `${formatRate(p.elapsedMs > 0 ? (p.processed * 1000) / p.elapsedMs : null)}`;
    if (tty) {
      const filled = Math.round((percent / 100) * 30);
      process.stdout.write(`\r\x1b[2K${"█".repeat(filled)}${"░".repeat(30 - filled)} ${percent.toFixed(1).padStart(5)}% ${counts} · ${rate}${final ? "\n" : ""}`);
    } else if (final || Date.now() - lastPlain >= 1000) {
      lastPlain = Date.now();
      console.log(`progress ${percent.toFixed(1)}% ${counts} · ${rate}`);
    }
  };
  console.log("Re-verifying stored JS (nothing is recompiled)…");
  const result = await services.reverify({ batchSize, onProgress: (p) => show(p) });
  show(result, true);
  console.log(
    `\nRe-verified ${result.processed} scenes in ${formatDuration(result.elapsedMs / 1000)}: ${result.ok} ok, ` +
      `${result.failed} unverified, ${result.skipped} not verified (busy), ${result.changed} changed meanwhile (not written)`,
  );
  return result.failed === 0 && result.skipped === 0 ? 0 : 1;
}

const exitCodeFor = (run: BackfillRunRow) => (run.status === "succeeded" && run.failed === 0 ? 0 : 1);

async function main(): Promise<number> {
  let options;
  try {
    options = parseCli(Bun.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`backfill: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === "help") {
    console.log(USAGE);
    return 0;
  }
  // Flags win over the environment; everything else (BACKFILL_WORKERS, pool size…) comes from config.
  const config = loadConfigWith(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {});
  const db = await openDatabase(config.databaseUrl, databaseOptions(config));
  const services = createServices(db, config);
  const { backfill } = services;
  try {
    if (options.reverify) return await reverify(services, options.batchSize);
    const show = progressPrinter(!!process.stdout.isTTY);
    const hooks = { onProgress: (run: BackfillRunRow) => show(run), workers: options.workers };
    let handle: BackfillHandle;
    try {
      handle = options.resume
        ? await backfill.resume(options.resume === true ? undefined : options.resume, hooks)
        : await backfill.start(options, hooks);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      console.error(`backfill: ${error.message}`);
      return 2;
    }
    const { run } = handle;
    console.log(
      `Backfill run ${run.id}: ${run.total} scenes to visit, batches of ${run.options.batchSize}` +
        `${run.options.onlyMissing ? ", only missing JS" : ", upgrading outdated JS"}` +
        `${run.options.targetVersion ? `, target version ${run.options.targetVersion}` : ""}` +
        `${run.options.dryRun ? ", dry run" : ""}${options.resume ? `, resuming after ${run.processed}` : ""}`,
    );
    let interrupts = 0;
    process.on("SIGINT", () => {
      if (++interrupts > 1) process.exit(130);
      console.error("\nCancelling after the current batch (Ctrl-C again to quit now; the run stays resumable)…");
      void backfill.cancel(run.id);
    });
    const final = await handle.done;
    show(final, true);
    await printSummary(final, backfill);
    return exitCodeFor(final);
  } finally {
    await services.close();
    await db.close();
  }
}

if (import.meta.main) process.exit(await main());
