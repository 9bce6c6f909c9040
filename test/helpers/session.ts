// A signed-in dashboard browser over app.request(): same-origin form posts and the session cookie.
import { browserRequest, dashboardCookie, type TestApp } from "./app.ts";

export interface DashboardBrowser {
  get(path: string, htmx?: boolean): Promise<Response>;
  post(path: string, fields: Record<string, string>, htmx?: boolean): Promise<Response>;
}

/** Logs in with the test token and returns a browser that sends the session cookie with each request. */
export async function signIn(t: TestApp): Promise<DashboardBrowser> {
  const cookie = await dashboardCookie(t);
  if (!cookie) throw new Error("login failed: no session cookie");
  const request = browserRequest(() => t, () => cookie);
  const htmxHeaders = (htmx: boolean): Record<string, string> => (htmx ? { "hx-request": "true" } : {});
  return {
    get: async (path, htmx = false) => request(path, { headers: htmxHeaders(htmx) }),
    post: async (path, fields, htmx = false) =>
      request(path, { method: "POST", headers: htmxHeaders(htmx), body: new URLSearchParams(fields).toString() }),
  };
}
