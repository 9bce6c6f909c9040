// Login and logout: the admin token in, a signed session cookie out (A's auth helpers do the crypto).
import type { Context } from "hono";
import { LoginPage } from "../../../views/pages/login.tsx";
import { endSession, hasSession, startSession, tokenMatches } from "../auth.ts";
import type { AppEnv } from "../context.ts";
import { formFields, nonceOf, sendHtml } from "../html.ts";

/** Only local paths are valid targets after login (no open redirect to another site). */
function safeNext(value: string | undefined): string {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/";
}

export async function loginForm(c: Context<AppEnv>) {
  const next = safeNext(c.req.query("next"));
  if (await hasSession(c)) return c.redirect(next, 303);
  return sendHtml(c, LoginPage({ nonce: nonceOf(c), next }));
}

export async function login(c: Context<AppEnv>) {
  const fields = await formFields(c);
  const next = safeNext(fields.next);
  if (!(await tokenMatches(c, fields.token ?? ""))) {
    return sendHtml(c, LoginPage({ nonce: nonceOf(c), next, error: "That token is not the admin token." }), 401);
  }
  await startSession(c);
  return c.redirect(next, 303);
}

export async function logout(c: Context<AppEnv>) {
  endSession(c);
  return c.redirect("/login", 303);
}
