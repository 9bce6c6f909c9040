// The export side of a running instance, per CLAPPER_ROLE: render slots (roles all and worker), the retention
// timer, and the one start-up line naming what is missing when Chromium or ffmpeg is not installed.
import type { AppConfig } from "../../config.ts";
import type { Services } from "../../services/index.ts";

/** Retention and the size cap are enforced this often (and once at start). */
export const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

type Fetch = (request: Request, server: any) => Response | Promise<Response>;

/** A render-only instance answers /healthz (for its orchestrator) and nothing else. */
export function workerOnlyFetch(fetch: Fetch): Fetch {
  return (request, server) =>
    new URL(request.url).pathname === "/healthz"
      ? fetch(request, server)
      : Response.json({ error: { code: "not_found", message: "This instance only renders exports (CLAPPER_ROLE=worker)." } }, { status: 404 });
}

export async function startExportRuntime(
  config: Pick<AppConfig, "role">,
  services: Pick<Services, "exports" | "startExportWorkers" | "posters">,
  /** Where the missing-tools line and retention failures go (main.ts passes the logger). */
  log: (line: string) => void,
) {
  const missing = await services.exports.unavailableMessage();
  if (missing) log(missing);
  const workers = config.role === "web" || missing ? null : services.startExportWorkers();
  const prune = () =>
    Promise.all([
      services.exports.prune().catch((error) => log(`export retention failed: ${error}`)),
      services.posters.prune().catch((error) => log(`poster retention failed: ${error}`)),
    ]);
  // Every role prunes: retention is a database + file operation that any instance may run.
  const timer = setInterval(prune, PRUNE_INTERVAL_MS);
  void prune();
  let stopping: Promise<void> | null = null;
  return {
    workers,
    /** Stops render slots: their running chunks go back to the queue for another worker. Once; later calls wait. */
    stop() {
      clearInterval(timer);
      stopping ??= workers?.stop() ?? Promise.resolve();
      return stopping;
    },
  };
}
