// The physical limit bench:http compares the server against: the server's write path without HTTP,
// Hono or the service layer — the same compile, then the same rows (scene, revision 1, compile event)
// written as one bare postgres.js transaction — at the same concurrency, in the bench's own process.
import postgres from "postgres";
import { compileScene } from "../src/compiler/index.ts";
import type { CompileResult } from "../src/compiler/types.ts";
import { createVerifier, type Verifier } from "../src/verify/index.ts";

export interface LimitResult {
  ops: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Inserts a scene, its first revision and its compile event in one transaction (3 statements + BEGIN/COMMIT). */
async function bareCreate(sql: postgres.Sql, name: string, tsx: string, result: CompileResult): Promise<void> {
  const { meta } = result;
  await sql.begin(async (tx) => {
    const [scene] = await tx`
      insert into scenes (name, tsx_code, js_code, js_compiled_at, js_revision, compilation_version, compile_meta,
        compilation_error, duration_in_frames, fps, width, height, revision)
      values (${name}, ${tsx}, ${result.js}, ${result.ok ? new Date() : null}, ${result.ok ? 1 : null}, ${meta.targetVersion},
        ${JSON.stringify(meta)}::jsonb, ${result.error ? JSON.stringify(result.error) : null}::jsonb, 150, 30, 1920, 1080, 1)
      returning id`;
    await tx`insert into scene_revisions (scene_id, revision, name, tsx_code) values (${scene!.id}, 1, ${name}, ${tsx})`;
    await tx`
      insert into compile_events (scene_id, trigger, ok, duration_ms, input_bytes, output_bytes, tool, tool_version, target_version)
      values (${scene!.id}, 'create', ${result.ok}, ${meta.timings.ms}, ${meta.inputBytes}, ${meta.outputBytes}, ${meta.tool},
        ${meta.toolVersion}, ${meta.targetVersion})`;
  });
}

/**
 * `connections` loops, each: compile a unique TSX (what the server does per create; with `verify`, also
 * verify it in the QuickJS pool as a verifying server would), then the bare transaction.
 */
export async function measureLimit(options: {
  url: string;
  seconds: number;
  /** Unmeasured loops first (JIT, pool connections), as the server had before its runs. */
  warmupSeconds: number;
  connections: number;
  poolSize: number;
  tsx: string;
  verify: boolean;
}): Promise<LimitResult> {
  const sql = postgres(options.url, { max: options.poolSize, onnotice: () => {} });
  const verifier: Verifier | null = options.verify ? createVerifier() : null;
  const latencies: number[] = [];
  let errors = 0;
  let seq = 0;
  let deadline = performance.now() + options.warmupSeconds * 1000;
  async function loop() {
    while (performance.now() < deadline) {
      const started = performance.now();
      const tsx = `${options.tsx}\n// limit ${seq++}\n`;
      try {
        const result = compileScene(tsx, { version: 1, trigger: "create" });
        if (verifier && result.ok) await verifier.verify(result.js!, 1, { durationInFrames: 150, fps: 30, width: 1920, height: 1080 });
        await bareCreate(sql, "limit", tsx, result);
        latencies.push(performance.now() - started);
      } catch {
        errors++;
      }
    }
  }
  // Warm-up as the server had (JIT, pool connections), then the measured run.
  await Promise.all(Array.from({ length: options.connections }, loop));
  latencies.length = 0;
  errors = 0;
  deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: options.connections }, loop));
  const elapsed = (performance.now() - started) / 1000;
  await verifier?.close();
  await sql.end({ timeout: 5 });
  latencies.sort((a, b) => a - b);
  return {
    ops: latencies.length,
    perSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    errors,
  };
}
