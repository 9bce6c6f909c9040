// Login and logout: the admin token in, a signed session cookie out (src/server/auth.ts does the crypto).
import type { Context } from "hono";
import { LoginPage } from "../../../views/pages/login.tsx";
import { endSession, hasSession, startSession, tokenMatches } from "../auth.ts";
import type { AppEnv } from "../context.ts";
import { formFields, nonceOf, sendHtml } from "../html.ts";
import { clientAddress } from "../proxy.ts";

/**
 * Only local paths are valid targets after login (no open redirect to another site). Anything but
 * printable ASCII, and backslashes, are refused outright: browsers drop tabs/newlines from URLs
 * ("/\t/evil" → "//evil") and read "\" as "/"; CR/LF/NUL and non-Latin-1 cannot go into a Location
 * header at all. Targets we build ourselves (requireSession) are percent-encoded, so they pass.
 */
export function safeNext(value: string | undefined): string {
  if (!value || !value.startsWith("/") || /[^\x21-\x7e]|\\/.test(value)) return "/";
  const base = "http://clapper.invalid";
  const resolved = new URL(value, base);
  return resolved.origin === base && !value.startsWith("//") ? value : "/";
}

export async function loginForm(c: Context<AppEnv>) {
  const next = safeNext(c.req.query("next"));
  if (await hasSession(c)) return c.redirect(next, 303);
  return sendHtml(c, LoginPage({ nonce: nonceOf(c), next }));
}

export async function login(c: Context<AppEnv>) {
  const address = clientAddress(c);
  const loginFailures = c.var.services.loginFailures;
  const blocked = loginFailures.blockedFor(address);
  if (blocked > 0) {
    c.header("Retry-After", String(blocked));
    return sendHtml(c, LoginPage({ nonce: nonceOf(c), next: "/", error: `Too many wrong tokens; try again in ${blocked} s.` }), 429);
  }
  const fields = await formFields(c);
  const next = safeNext(fields.next);
  if (!(await tokenMatches(c, fields.token ?? ""))) {
    loginFailures.hit(address);
    return sendHtml(c, LoginPage({ nonce: nonceOf(c), next, error: "That token is not the admin token." }), 401);
  }
  loginFailures.reset(address);
  await startSession(c);
  return c.redirect(next, 303);
}

export async function logout(c: Context<AppEnv>) {
  await endSession(c);
  return c.redirect("/login", 303);
}
