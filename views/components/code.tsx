// <CodeView>: source highlighted server-side by highlight.js, split into numbered lines (error line marked).
import hljs from "highlight.js/lib/core";
import javascript from "highlight.js/lib/languages/javascript";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import { raw } from "hono/html";
import { escapeHtml } from "../escape.ts";

hljs.registerLanguage("javascript", javascript);
hljs.registerLanguage("typescript", typescript);
// JSX inside TS/JS is highlighted through the xml sub-language.
hljs.registerLanguage("xml", xml);

/**
 * Largest source we highlight (~1 ms per KB on the event loop); beyond it the code is shown plain
 * (still escaped, still numbered), so one page view cannot hold other requests for long.
 */
export const MAX_HIGHLIGHT_CHARS = 40_000;
/** Most lines a code view renders; a longer source ends with a "N more lines" row. */
export const MAX_RENDERED_LINES = 5_000;

/**
 * highlight.js returns one HTML string whose <span>s may cross newlines (comments, template literals);
 * close the open spans at each line end and reopen them on the next line so every line stands alone.
 */
function splitHighlightedLines(html: string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  for (const line of html.split("\n")) {
    let out = open.join("");
    for (const match of line.matchAll(/<span[^>]*>|<\/span>|[^<]+/g)) {
      const token = match[0];
      if (token.startsWith("<span")) open.push(token);
      else if (token === "</span>") open.pop();
      out += token;
    }
    lines.push(out + "</span>".repeat(open.length));
  }
  return lines;
}

/**
 * Highlighting a 6 KB scene costs ~20 ms; scenes share code (templates, revisions, recompiles to the
 * same TSX), so results are kept per (language, content) in a small LRU (a Map in insertion order).
 */
const highlighted = new Map<string, string[]>();
const HIGHLIGHT_CACHE_ENTRIES = 200;

/** The first MAX_RENDERED_LINES lines, escaped, without splitting the whole string. */
function plainLines(code: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < MAX_RENDERED_LINES && start <= code.length) {
    const end = code.indexOf("\n", start);
    lines.push(escapeHtml(code.slice(start, end === -1 ? code.length : end)));
    if (end === -1) break;
    start = end + 1;
  }
  return lines;
}

function highlightLines(code: string, language: "typescript" | "javascript"): string[] {
  if (code.length > MAX_HIGHLIGHT_CHARS) return plainLines(code);
  const key = `${language}:${Bun.hash(code)}:${code.length}`;
  const hit = highlighted.get(key);
  if (hit) {
    highlighted.delete(key);
    highlighted.set(key, hit);
    return hit;
  }
  const lines = splitHighlightedLines(hljs.highlight(code, { language, ignoreIllegals: true }).value);
  highlighted.set(key, lines);
  if (highlighted.size > HIGHLIGHT_CACHE_ENTRIES) highlighted.delete(highlighted.keys().next().value!);
  return lines;
}

function lineCount(code: string): number {
  let n = 1;
  for (let i = code.indexOf("\n"); i !== -1; i = code.indexOf("\n", i + 1)) n++;
  return n;
}

export function CodeView(props: {
  code: string;
  language: "typescript" | "javascript";
  id: string;
  errorLine?: number | null;
  errorMessage?: string | null;
}) {
  const lines = highlightLines(props.code, props.language).slice(0, MAX_RENDERED_LINES);
  const hidden = lineCount(props.code) - lines.length;
  return (
    <div class="code-view" id={props.id}>
      {props.code.length > MAX_HIGHLIGHT_CHARS ? (
        <p class="muted code-too-large">Too large to highlight: shown as plain text.</p>
      ) : null}
      <table class="code">
        <tbody>
          {lines.map((html, i) => {
            const n = i + 1;
            const isError = props.errorLine === n;
            return (
              <tr id={`${props.id}-L${n}`} class={isError ? "error-line" : undefined}>
                <td class="ln">{n}</td>
                <td class="src">
                  <code>{raw(html || " ")}</code>
                  {isError && props.errorMessage ? <div class="inline-error">{props.errorMessage}</div> : null}
                </td>
              </tr>
            );
          })}
          {hidden > 0 ? (
            <tr class="code-truncated"><td class="ln">…</td><td class="src">{hidden} more lines not shown (too large to display).</td></tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
