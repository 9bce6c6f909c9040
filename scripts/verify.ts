// `bun run verify`: counts and lists scenes whose JS is missing, stale, outdated or fails verification; exit 1 when any.
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/open.ts";
import { databaseOptions, loadConfigWith } from "../src/config.ts";
import { VERIFY_CHECKS } from "../src/services/backfill-verify.ts";
import { createServices } from "../src/services/index.ts";

const USAGE = `Usage: bun run verify [--target-version N] [--limit N] [--json] [--database-url URL]
Lists scenes whose JS is missing, stale (js_revision < revision), from another compiler build, or
below the target version (default COMPILE_TARGET_VERSION or 1). Exit 1 when any check is non-zero.`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: Bun.argv.slice(2),
      options: {
        help: { type: "boolean", short: "h" },
        json: { type: "boolean" },
        limit: { type: "string" },
        "target-version": { type: "string" },
        "database-url": { type: "string" },
      },
    }));
  } catch (error) {
    console.error(`verify: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  let config;
  try {
    config = loadConfigWith(values["database-url"] ? { databaseUrl: values["database-url"] } : {});
  } catch (error) {
    console.error(`verify: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const version = Number(values["target-version"] ?? config.compileTargetVersion);
  const limit = Number(values.limit ?? 20);
  if (![1, 2].includes(version) || !Number.isInteger(limit) || limit < 0) {
    console.error(`verify: --target-version must be 1 or 2 and --limit a whole number\n\n${USAGE}`);
    return 2;
  }
  const db = await openDatabase(config.databaseUrl, databaseOptions(config));
  try {
    const report = await createServices(db, { ...config, compileTargetVersion: version as 1 | 2 }).verifyReport(limit);
    if (values.json) {
      console.log(JSON.stringify(report, null, 2));
      return report.clean ? 0 : 1;
    }
    console.log(`${report.counts.total} scenes · compiler ${report.target.compiler} · target version ${version}`);
    for (const check of VERIFY_CHECKS) {
      const n = report.counts[check.key];
      console.log(`\n${n === 0 ? "ok  " : "FAIL"} ${check.title}: ${n}  — ${check.explain}`);
      for (const row of report.rows[check.key]) {
        const detail = check.key === "stale" ? `js r${row.jsRevision} < r${row.revision}`
          : check.key === "outdated" ? `compiler ${row.compiler ?? "unknown"}`
          : check.key === "version" ? `version ${row.compilationVersion}` : row.error ?? "never compiled";
        console.log(`     ${row.id}  ${row.name}  (${detail})`);
      }
      if (n > report.rows[check.key].length) console.log(`     … and ${n - report.rows[check.key].length} more`);
    }
    if (!report.clean) {
      console.log("\nFix with: bun run backfill (missing) or bun run backfill --target-version N (upgrade); failed verification: edit the scene's TSX.");
    }
    return report.clean ? 0 : 1;
  } finally {
    await db.close();
  }
}

process.exit(await main());
