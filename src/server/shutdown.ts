// Graceful shutdown: on SIGTERM/SIGINT stop accepting connections, let in-flight requests and the work
// passed as hooks finish (up to a deadline, so a slow upload cannot hold the exit forever),
// then close the database and exit 0.
import type { Server } from "bun";

type FetchHandler = (request: Request, server: Server<undefined>) => Response | Promise<Response>;

export interface InFlight {
  /** Wraps a fetch handler so every request is counted until its handler settles. */
  track(fetch: FetchHandler): FetchHandler;
  readonly count: number;
  /** Resolves when no request is in flight (at once if none is). */
  drained(): Promise<void>;
}

export function createInFlight(): InFlight {
  let count = 0;
  let waiters: (() => void)[] = [];
  const settle = () => {
    count--;
    if (count === 0) {
      for (const resolve of waiters) resolve();
      waiters = [];
    }
  };
  return {
    track(fetch) {
      return async (request, server) => {
        count++;
        try {
          return await fetch(request, server);
        } finally {
          settle();
        }
      };
    },
    get count() {
      return count;
    },
    drained() {
      return count === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

/** Work that must wind down before the database closes (a backfill batch, an export chunk). */
export type ShutdownHook = () => Promise<void>;

/** Runs every hook; one that throws is logged and does not hold the others. */
function runShutdownHooks(hooks: readonly ShutdownHook[], log: (line: string) => void): Promise<void> {
  return Promise.all(hooks.map((hook) => hook().catch((error) => log(`shutdown hook failed: ${String(error)}`)))).then(() => {});
}

export interface ShutdownDeps {
  server: Server<undefined>;
  inFlight: InFlight;
  /** Closes the database (and anything else holding resources) once requests are done. */
  close(): Promise<void>;
  /** Work to wind down at the signal, alongside the request drain and under the same deadline, before close(). */
  hooks?: readonly ShutdownHook[];
  /** Longest wait for in-flight requests before they are cut (SHUTDOWN_DEADLINE_MS, default 10 s). */
  deadlineMs: number;
  log(line: string): void;
}

/** Installs SIGTERM/SIGINT handlers; a second signal during the drain exits at once (status 1). */
export function installGracefulShutdown(deps: ShutdownDeps): void {
  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) {
      deps.log(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    deps.log(`${signal}: no new connections; waiting for ${deps.inFlight.count} in-flight request(s)`);
    // stop(false): the listener closes now, open requests keep running.
    const stopped = deps.server.stop(false);
    const timedOut = await Promise.race([
      Promise.all([deps.inFlight.drained(), runShutdownHooks(deps.hooks ?? [], deps.log)]).then(() => false),
      Bun.sleep(deps.deadlineMs).then(() => true),
    ]);
    if (timedOut) {
      deps.log(`deadline of ${deps.deadlineMs} ms passed with ${deps.inFlight.count} request(s) open; closing them`);
      await deps.server.stop(true);
    } else {
      await Promise.race([stopped, Bun.sleep(1000)]);
    }
    await deps.close();
    deps.log("stopped");
    process.exit(0);
  }
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}
