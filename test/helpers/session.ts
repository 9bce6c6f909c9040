// A signed-in dashboard browser over app.request(): same-origin form posts and the session cookie.
import { TEST_ORIGIN, TEST_TOKEN, type TestApp } from "./app.ts";

export interface DashboardBrowser {
  get(path: string, htmx?: boolean): Promise<Response>;
  post(path: string, fields: Record<string, string>, htmx?: boolean): Promise<Response>;
}

/** Logs in with the test token and returns a browser that sends the session cookie with each request. */
export async function signIn(t: TestApp): Promise<DashboardBrowser> {
  const login = await t.app.request(`${TEST_ORIGIN}/login`, {
    method: "POST",
    headers: { origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: TEST_TOKEN }).toString(),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  if (login.status !== 303 || !cookie) throw new Error(`login failed: ${login.status}`);
  const headers = (htmx: boolean, extra: Record<string, string> = {}) => ({
    cookie,
    ...(htmx ? { "hx-request": "true" } : {}),
    ...extra,
  });
  return {
    get: async (path, htmx = false) => t.app.request(`${TEST_ORIGIN}${path}`, { headers: headers(htmx) }),
    post: async (path, fields, htmx = false) =>
      t.app.request(`${TEST_ORIGIN}${path}`, {
        method: "POST",
        headers: headers(htmx, { origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded" }),
        body: new URLSearchParams(fields).toString(),
      }),
  };
}
