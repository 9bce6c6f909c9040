// Shared dashboard shell: head (CSP-nonced scripts, htmx config), nav, logout, main content.
import { raw } from "hono/html";
import type { Child } from "hono/jsx";

export type NavKey = "overview" | "scenes" | "projects" | "failures" | "backfill" | "verify" | "exports" | "none";

const NAV: { key: NavKey; href: string; label: string }[] = [
  { key: "overview", href: "/", label: "Overview" },
  { key: "scenes", href: "/scenes", label: "Scenes" },
  { key: "projects", href: "/projects", label: "Projects" },
  { key: "failures", href: "/failures", label: "Failures" },
  { key: "backfill", href: "/backfill", label: "Backfill" },
  { key: "verify", href: "/verify", label: "Verify" },
  { key: "exports", href: "/exports", label: "Exports" },
];

/** eval stays off (strict CSP); indicator styles come from app.css instead of an injected <style>. */
const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  // Settling "style" would copy style attributes with setAttribute, which style-src 'self' blocks.
  attributesToSettle: ["class", "width", "height"],
  historyCacheSize: 0,
  refreshOnHistoryMiss: true,
  // 409/422 answers carry a fragment that explains what to fix: swap them like a 200.
  responseHandling: [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "409|422", swap: true, error: false },
    { code: "[45]..", swap: false, error: true },
  ],
});

export interface LayoutProps {
  title: string;
  /** The CSP nonce of this response (secure-headers NONCE). */
  nonce: string;
  active?: NavKey;
  /** false on the login page: no nav, no logout. */
  signedIn?: boolean;
  children?: Child;
}

export function Layout({ title, nonce, active = "none", signedIn = true, children }: LayoutProps) {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <title>{`${title} · Clapper`}</title>
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/app.css" />
          <script nonce={nonce} src="/vendor/htmx.min.js" defer></script>
          <script nonce={nonce} src="/build/dashboard.js" defer></script>
        </head>
        <body hx-indicator="#loading-bar">
          <div id="loading-bar" class="htmx-indicator" aria-hidden="true"></div>
          <header class="topbar">
            <a class="brand" href="/">
              <img src="/favicon.svg" alt="" width="22" height="22" />
              <span>Clapper</span>
            </a>
            {signedIn ? (
              <>
                <nav class="nav">
                  {NAV.map((item) => (
                    <a href={item.href} class={item.key === active ? "active" : undefined}
                       aria-current={item.key === active ? "page" : undefined}>
                      {item.label}
                    </a>
                  ))}
                </nav>
                <form method="post" action="/logout" class="logout">
                  <button type="submit" class="btn btn-ghost">Log out</button>
                </form>
              </>
            ) : null}
          </header>
          <main class="main">{children}</main>
        </body>
      </html>
    </>
  );
}

/** Page heading with an optional right-hand side (actions, range switch). */
export function PageHeader({ title, subtitle, children }: { title: Child; subtitle?: Child; children?: Child }) {
  return (
    <div class="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p class="muted">{subtitle}</p> : null}
      </div>
      {children ? <div class="page-actions">{children}</div> : null}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: Child }) {
  return (
    <div class="empty">
      <strong>{title}</strong>
      {children ? <p class="muted">{children}</p> : null}
    </div>
  );
}
