// A real `bun src/main.ts` child process on port 0, for tests that need signals, crashes and restarts.
import type { Subprocess } from "bun";

const ENTRY = new URL("../../src/main.ts", import.meta.url).pathname;

export interface ServerProcess {
  url: string;
  token: string;
  child: Subprocess<"ignore", "pipe", "pipe">;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
}

/** Starts main.ts with the given env and waits for its "listening on" line (45 s at most: seeding on a busy machine). */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const token = `t-${crypto.randomUUID()}`;
  const child = Bun.spawn(["bun", ENTRY], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ADMIN_TOKEN: token, ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  let text = "";
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    const reader = stream.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value);
  };
  void pump(child.stdout);
  void pump(child.stderr);
  const deadline = Date.now() + 45_000;
  while (!/listening on (http:\/\/[^\s"]+)/.test(text)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`main.ts did not start (exit ${child.exitCode}):\n${text}`);
    }
    await Bun.sleep(25);
  }
  const url = /listening on (http:\/\/[^\s"]+)/.exec(text)![1]!;
  return { url, token, child, output: () => text };
}

/** Logs in through the form like a browser and returns the Cookie header value for the session. */
export async function loginCookie(server: ServerProcess): Promise<string> {
  const res = await fetch(`${server.url}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
    body: new URLSearchParams({ token: server.token, next: "/" }),
    redirect: "manual",
  });
  const cookie = res.headers.get("set-cookie");
  if (res.status !== 303 || !cookie) throw new Error(`login failed: ${res.status}`);
  return cookie.split(";")[0]!;
}
