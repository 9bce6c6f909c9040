// Ten XSS payload families in every user-controlled field — scene name, TSX, the compile error that
// hostile TSX produces, runtime-event messages, the search box and the URL path — rendered on every page
// that shows them. Each page is parsed (parse5) and must contain no injected element or attribute: no
// script without this response's nonce, no inline handler, no javascript: URL, no srcdoc, no stray frame.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { parse } from "parse5";
import type { DefaultTreeAdapterMap } from "parse5";
import { openTestDatabase, type TestDatabase } from "./helpers/db.ts";
import { buildTestApp, TEST_ORIGIN, TEST_TOKEN, type TestApp } from "./helpers/app.ts";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

const PROJECT = "0f3a9c52-9d0e-4a0e-8d55-6c1f0a3b7e21";

/** One payload per family; each carries a marker so its text can be found on the page. */
export const XSS_PAYLOADS = [
  `<script>alert('X1')</script>`,
  `"><img src=x onerror=alert('X2')>`,
  `javascript:alert('X3')//`,
  `</textarea></title></style><script>alert('X4')</script>`,
  `<svg/onload=alert('X5')><svg onload="alert('X5')">`,
  "${alert('X6')}`${alert`X6`}`",
  `&lt;script&gt;alert('X7')&lt;/script&gt;&#x3C;img src=x onerror=alert(1)&#x3E;`,
  `\\u003cscript\\u003ealert('X8')\\u003c/script\\u003e\u2028\u2029<\u0073cript>`,
  `" autofocus onfocus="alert('X9')" x="' onmouseover='alert(9)' y='`,
  `<iframe srcdoc="<script>alert('X10')</script>" src="javascript:alert('X10')"></iframe>`,
];

let tdb: TestDatabase;
let t: TestApp;
let cookie = "";
const okIds: string[] = [];
const failedIds: string[] = [];
let backfillRun = "";

beforeAll(async () => {
  tdb = await openTestDatabase("pglite");
  t = buildTestApp(tdb.db);
  for (const [i, payload] of XSS_PAYLOADS.entries()) {
    const literal = JSON.stringify(payload);
    // Compiles: the payload in the name, in a string literal and in a comment of the TSX.
    const ok = await t.createScene({
      name: payload,
      projectId: PROJECT,
      tsx: `// ${payload.replaceAll("\n", " ")}\nexport default function Scene() { return <div title={${literal}}>{${literal}}</div>; }`,
    });
    okIds.push(ok.id);
    // Fails to compile on a line holding the payload, so the stored error's code frame quotes it.
    const bad = await t.createScene({
      name: `${payload} (broken)`,
      projectId: PROJECT,
      tsx: `export default function Scene() { return <div>{${literal} +}</div>; }\nconst x = ${literal} ${literal};`,
    });
    expect(bad.status).toBe("failed");
    failedIds.push(bad.id);
    for (const id of [ok.id, bad.id]) {
      const res = await t.api(`/api/scenes/${id}/runtime-events`, {
        method: "POST",
        json: { context: "preview", kind: "error", message: `${payload} #${i}` },
      });
      expect(res.status).toBeLessThan(300);
    }
  }
  const run = await t.services.backfill.start({ targetVersion: 2, batchSize: 50 }, { workers: 0 });
  backfillRun = (await run.done).id;
  const login = await t.app.request(`${TEST_ORIGIN}/login`, {
    method: "POST",
    headers: { origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: TEST_TOKEN, next: "/" }).toString(),
  });
  cookie = login.headers.get("set-cookie")!.split(";")[0]!;
});

afterAll(() => tdb.dispose());

function* elements(node: Node): Generator<Element> {
  if ("tagName" in node) yield node as Element;
  const children = "childNodes" in node ? node.childNodes : [];
  for (const child of children) yield* elements(child as Node);
  if ("content" in node && node.content) yield* elements(node.content as Node);
}

function* texts(node: Node): Generator<string> {
  if (node.nodeName === "#text") yield (node as DefaultTreeAdapterMap["textNode"]).value;
  if ("attrs" in node) for (const a of node.attrs) yield a.value;
  const children = "childNodes" in node ? node.childNodes : [];
  for (const child of children) yield* texts(child as Node);
  if ("content" in node && node.content) yield* texts(node.content as Node);
}

const URL_ATTRS = new Set(["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"]);

/** Everything on the page that could run script; empty on an inert page. */
function injected(html: string, nonce: string | null): string[] {
  const found: string[] = [];
  for (const el of elements(parse(html))) {
    const attrs = new Map(el.attrs.map((a) => [a.name.toLowerCase(), a.value]));
    for (const [name, value] of attrs) {
      if (name.startsWith("on")) found.push(`<${el.tagName} ${name}>`);
      if (name === "srcdoc") found.push(`<${el.tagName} srcdoc>`);
      if (URL_ATTRS.has(name) && /^\s*(javascript|vbscript|data:text\/html)/i.test(value)) found.push(`<${el.tagName} ${name}=${value}>`);
    }
    if (el.tagName === "script" && (!nonce || attrs.get("nonce") !== nonce)) found.push(`<script> without the nonce`);
    if (el.tagName === "iframe" && (!attrs.has("sandbox") || !(attrs.get("src") ?? "").startsWith("/sandbox"))) found.push("<iframe> not the sandbox");
    if (["object", "embed", "base", "svg", "img", "textarea"].includes(el.tagName)) {
      // Pages use none of these with untrusted values; an img/svg must come from our own assets.
      const src = attrs.get("src") ?? "";
      if (el.tagName === "img" && (src.startsWith("/") || src.startsWith("data:image/"))) continue;
      if (el.tagName === "svg" && ![...attrs.keys()].some((n) => n.startsWith("on"))) continue;
      if (el.tagName === "textarea" && attrs.has("name")) continue;
      found.push(`<${el.tagName}>`);
    }
    if (el.tagName === "meta" && attrs.has("http-equiv")) found.push("<meta http-equiv>");
  }
  return found;
}

async function page(path: string): Promise<{ status: number; html: string; problems: string[]; text: string }> {
  const res = await t.app.request(`${TEST_ORIGIN}${path}`, { headers: { cookie } });
  const html = await res.text();
  const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1] ?? null;
  return { status: res.status, html, problems: injected(html, nonce), text: [...texts(parse(html))].join("\n") };
}

test("every page showing user-controlled fields stays inert and shows each payload as text", async () => {
  const pages = [
    "/",
    "/scenes",
    "/scenes?status=failed",
    "/failures",
    "/verify",
    "/backfill",
    `/backfill/${backfillRun}`,
    `/projects/${PROJECT}/preview`,
    ...okIds.flatMap((id) => [`/scenes/${id}`, `/scenes/${id}/preview`, `/scenes/${id}/preview/compare`]),
    ...failedIds.flatMap((id) => [`/scenes/${id}`, `/scenes/${id}/preview`]),
    ...XSS_PAYLOADS.map((p) => `/scenes?q=${encodeURIComponent(p)}`),
  ];
  const visibleOn = new Map<string, number>();
  for (const path of pages) {
    const { status, problems, text } = await page(path);
    expect(status, path).toBe(200);
    expect(problems, path).toEqual([]);
    for (const payload of XSS_PAYLOADS) if (text.includes(payload)) visibleOn.set(payload, (visibleOn.get(payload) ?? 0) + 1);
  }
  // Each payload came through verbatim (as text, not markup) on several pages: the walk looked at real output.
  for (const payload of XSS_PAYLOADS) expect(visibleOn.get(payload) ?? 0, payload).toBeGreaterThan(5);
});

test("the scene page shows the name, the TSX, the compile error's code frame and the runtime event verbatim", async () => {
  for (const [i, payload] of XSS_PAYLOADS.entries()) {
    const ok = await page(`/scenes/${okIds[i]}`);
    expect(ok.problems).toEqual([]);
    expect(ok.text).toContain(payload);
    expect(ok.text).toContain(`${payload} #${i}`);
    const bad = await page(`/scenes/${failedIds[i]}`);
    expect(bad.problems).toEqual([]);
    expect(bad.text).toContain(`${payload} (broken)`);
    // The code frame of the syntax error quotes the hostile line.
    expect(bad.text).toMatch(/Unexpected token|expected/);
    expect(bad.text).toContain(`1 | export default function Scene() { return <div>{${JSON.stringify(payload)} +}`);
    expect(bad.text).toContain(`${payload} #${i}`);
  }
});

test("error pages echoing the URL path or a bad query stay inert", async () => {
  for (const payload of XSS_PAYLOADS) {
    const path = `/${encodeURIComponent(payload).replaceAll("%2F", "/")}`;
    const res = await page(path);
    expect(res.status, path).toBeGreaterThanOrEqual(400);
    expect(res.status, path).toBeLessThan(500);
    expect(res.problems, path).toEqual([]);
  }
});

test("the checker itself flags each family when it is pasted unescaped", () => {
  const nonce = "n0nce";
  const raw = (payload: string) => `<!doctype html><html><head><script nonce="${nonce}" src="/build/x.js"></script></head><body>
    <p>${payload}</p><a href="${payload.startsWith("javascript:") ? payload : "/"}">x</a><input value="${payload}"><textarea name="t">${payload}</textarea></body></html>`;
  expect(injected(raw("plain"), nonce)).toEqual([]);
  for (const payload of XSS_PAYLOADS.filter((_, i) => ![5, 6, 7].includes(i))) expect(injected(raw(payload), nonce), payload).not.toEqual([]);
});
