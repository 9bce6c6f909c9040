// Server side of the extras: icons from the installed sets (aliases, transforms), font files, and the route's limits.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { openDatabase, type Database } from "../src/db/open.ts";
import { buildTestApp, TEST_TOKEN } from "./helpers/app.ts";
import { resolveIcon } from "../src/server/extras/icons.ts";
import { resolveSceneAssets } from "../src/server/extras/resolve.ts";

const mdi = await Bun.file(Bun.resolveSync("@iconify-json/mdi/icons.json", import.meta.dir)).json();

describe("resolveSceneAssets", () => {
  test("icons of every built-in set, an alias resolved to its parent, an unknown icon as a warning", async () => {
    const result = await resolveSceneAssets({
      icons: ["mdi:rocket", "mdi:123", "material-symbols:star-rounded", "logos:apache", "simple-icons:github", "mdi:no-such-icon"],
      fonts: [],
    });
    expect(result.icons["mdi:rocket"]).toEqual({ body: mdi.icons.rocket.body, width: 24, height: 24, left: 0, top: 0 });
    expect(result.icons["mdi:123"]!.body).toBe(mdi.icons.numeric.body);
    expect(result.icons["logos:apache"]!.body).toContain("<");
    expect(Object.keys(result.icons).sort()).toEqual(["logos:apache", "material-symbols:star-rounded", "mdi:123", "mdi:rocket", "simple-icons:github"]);
    expect(result.warnings).toEqual(['Unknown icon "mdi:no-such-icon": rendered as an empty box']);
  });

  test("alias flips and rotations become an SVG transform around the view box", () => {
    const set = { prefix: "t", width: 24, height: 24, icons: { a: { body: "<path/>" } }, aliases: { b: { parent: "a", hFlip: true }, c: { parent: "b", rotate: 1 } } };
    expect(resolveIcon(set, "b")!.body).toBe('<g transform="translate(24 0) scale(-1 1)"><path/></g>');
    expect(resolveIcon(set, "c")!.body).toBe('<g transform="rotate(90 12 12) translate(24 0) scale(-1 1)"><path/></g>');
    expect(resolveIcon(set, "zzz")).toBeNull();
  });

  test("fonts: the requested weights as real woff2 files, nearest weight for a missing one, unknown family warned", async () => {
    const result = await resolveSceneAssets({
      icons: [],
      fonts: [{ family: "Inter", weights: [400, 700] }, { family: "Open Sans", weights: [100] }, { family: "Comic Neue", weights: null }],
    });
    expect(result.fonts.map((f) => `${f.family}/${f.weight}`)).toEqual(["Inter/400", "Inter/700", "Open Sans/300"]);
    for (const font of result.fonts) expect(Buffer.from(font.data, "base64").subarray(0, 4).toString("latin1")).toBe("wOF2");
    expect(result.warnings).toEqual([
      "Font Open Sans has no weight 100; weight 300 is used",
      'Unknown font family "Comic Neue": using the system sans-serif',
    ]);
  });

  test("no weights named → every installed weight of the family", async () => {
    const { fonts } = await resolveSceneAssets({ icons: [], fonts: [{ family: "poppins", weights: null }] });
    expect(fonts.map((f) => f.weight)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(new Set(fonts.map((f) => f.family))).toEqual(new Set(["Poppins"]));
  });
});

describe("GET /api/extras/assets", () => {
  let db: Database;
  let app: ReturnType<typeof buildTestApp>["app"];
  const token = TEST_TOKEN;
  const get = (query: string, auth = true) =>
    app.request(`/api/extras/assets?${query}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    db = await openDatabase("memory://");
    app = buildTestApp(db).app;
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  test("answers icons and fonts for the query", async () => {
    const response = await get("icon=mdi:rocket&icon=mdi:nope&font=Roboto:700");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { icons: Record<string, unknown>; fonts: { family: string; weight: number }[]; warnings: string[] };
    expect(Object.keys(body.icons)).toEqual(["mdi:rocket"]);
    expect(body.fonts.map((f) => [f.family, f.weight])).toEqual([["Roboto", 700]]);
    expect(body.warnings).toEqual(['Unknown icon "mdi:nope": rendered as an empty box']);
  });

  test("needs auth; malformed or oversized queries are 400s, never 500s", async () => {
    expect((await get("icon=mdi:rocket", false)).status).toBe(401);
    for (const query of ["font=Inter:heavy", "font=:400", `icon=${"a".repeat(300)}`, Array.from({ length: 501 }, (_, i) => `icon=mdi:x${i}`).join("&")]) {
      const response = await get(query);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    }
  });
});

describe("a deployment extra's asset provider (server side)", () => {
  test("the registered resolver's data comes back under the extra's name; an extra without one is a warning", async () => {
    const { EXTRA_ASSET_PROVIDERS } = await import("../src/server/extras/providers.ts");
    EXTRA_ASSET_PROVIDERS.Avatar = async (names) => ({
      data: Object.fromEntries(names.filter((n) => n !== "avatar:ghost").map((n) => [n, { initials: n.slice(7, 9).toUpperCase() }])),
      warnings: names.includes("avatar:ghost") ? ["No avatar ghost"] : [],
    });
    try {
      const result = await resolveSceneAssets({ icons: [], fonts: [], extras: { Avatar: ["avatar:ada", "avatar:ghost"], Badge: ["b:1"] } });
      expect(result.extras).toEqual({ Avatar: { "avatar:ada": { initials: "AD" } } });
      expect(result.warnings).toEqual(["Extra Badge has no asset provider on this server: 1 asset(s) not delivered", "No avatar ghost"]);
      expect((await resolveSceneAssets({ icons: [], fonts: [] })).extras).toBeUndefined();
    } finally {
      delete EXTRA_ASSET_PROVIDERS.Avatar;
    }
  });

  test("the route reads extra=Name:asset and rejects a malformed one", async () => {
    const { parseAssetsQuery } = await import("../src/server/extras/route.ts");
    expect(parseAssetsQuery([], [], ["Avatar:avatar:ada", "Avatar:x"])).toEqual({ icons: [], fonts: [], extras: { Avatar: ["avatar:ada", "x"] } });
    expect(parseAssetsQuery([], [], ["no colon"])).toBe('Malformed extra "no colon": expected "ExtraName:asset".');
    expect(parseAssetsQuery([], ["Inter:400,700", "Open Sans"])).toEqual({
      icons: [],
      fonts: [{ family: "Inter", weights: [400, 700] }, { family: "Open Sans", weights: null }],
    });
  });
});
