// A 500's log entry is the error's name, message and a few short stack frames: never the source of the
// (often minified) library it was thrown from, and never raw control characters from the request path.
import { expect, test } from "bun:test";
import { Hono } from "hono";
import { onError } from "../src/server/errors.ts";
import { captureLog } from "./helpers/log.ts";

test("a 500 logs message plus a short stack, not kilobytes of library source", async () => {
  const log = captureLog();
  // One long "minified" line, as a bundled dependency would be; Bun's inspector prints it around the throw.
  const minified = `var a0=1;${"var q=function(x){return x+1};".repeat(60)}throw new TypeError("boom from library")`;
  const app = new Hono();
  app.onError(onError);
  app.use(async (c, next) => {
    c.set("log" as never, log.logger as never);
    await next();
  });
  app.get("/*", () => {
    new Function(minified)();
    return new Response("unreachable");
  });
  const res = await app.request("http://localhost/x%0aforged");
  expect(res.status).toBe(500);
  const entries = log.entries();
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ level: "error", msg: "request failed", error: { type: "TypeError", message: "boom from library" } });
  const text = JSON.stringify(entries[0]);
  expect(text).toContain("boom from library");
  expect(text).not.toContain("return x+1");
  expect(text.length).toBeLessThan(2000);
  expect(text.split("\n")[0]).not.toMatch(/\n/);
  expect(text).not.toMatch(/^forged/m);
});
