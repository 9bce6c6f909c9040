// Scene page behaviour (dashboard bundle): the TSX editor's gutter and keys, the error-line jump, and
// bringing the result of "Save and compile"/"Recompile" into view after htmx swaps the scene body.

const INDENT = "  ";
/** Height of the sticky top bar plus a little air: jumps land below it. */
const TOP_OFFSET = 72;

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** Renumbers the gutter to the text's line count, keeping the error mark on its line. */
function renumber(gutter: HTMLElement, lines: number): void {
  const have = gutter.children.length;
  if (have === lines) return;
  if (have > lines) {
    while (gutter.children.length > lines) gutter.lastElementChild!.remove();
    return;
  }
  const fragment = document.createDocumentFragment();
  for (let n = have + 1; n <= lines; n++) {
    const span = document.createElement("span");
    span.id = `tsx-L${n}`;
    span.textContent = String(n);
    fragment.append(span);
  }
  gutter.append(fragment);
}

/** Start offsets of the lines the selection touches. */
function selectedLineStarts(text: string, start: number, end: number): number[] {
  const starts = [text.lastIndexOf("\n", start - 1) + 1];
  for (let i = text.indexOf("\n", start); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** Replaces a range through the editing pipeline when possible, so Ctrl+Z undoes it. */
function replaceRange(area: HTMLTextAreaElement, start: number, end: number, text: string): void {
  area.setSelectionRange(start, end);
  if (!document.execCommand("insertText", false, text)) area.setRangeText(text, start, end, "end");
}

function indent(area: HTMLTextAreaElement, outdent: boolean): void {
  const { value, selectionStart: start, selectionEnd: end } = area;
  const multiLine = value.slice(start, end).includes("\n");
  if (!outdent && !multiLine) {
    replaceRange(area, start, end, INDENT);
    return;
  }
  const starts = selectedLineStarts(value, start, end);
  const blockStart = starts[0]!;
  const blockEnd = value.indexOf("\n", Math.max(end - (multiLine && value[end - 1] === "\n" ? 1 : 0), blockStart));
  const block = value.slice(blockStart, blockEnd === -1 ? value.length : blockEnd);
  const lines = block.split("\n");
  const changed = lines.map((line) => (outdent ? line.replace(/^ {1,2}/, "") : INDENT + line));
  const next = changed.join("\n");
  if (next === block) return;
  replaceRange(area, blockStart, blockStart + block.length, next);
  const firstDelta = changed[0]!.length - lines[0]!.length;
  area.setSelectionRange(Math.max(blockStart, start + firstDelta), end + (next.length - block.length));
}

function wireEditor(editor: HTMLElement): void {
  const area = editor.querySelector<HTMLTextAreaElement>("textarea");
  const gutter = editor.querySelector<HTMLElement>("[data-editor-gutter]");
  if (!area || !gutter || editor.dataset.wired) return;
  editor.dataset.wired = "true";
  const sync = () => (gutter.scrollTop = area.scrollTop);
  area.addEventListener("scroll", sync);
  area.addEventListener("input", () => {
    renumber(gutter, lineCount(area.value));
    sync();
  });
  // Tab stays in the field; Esc arms the next Tab to move focus on (keyboard users are never trapped).
  let escaped = false;
  area.addEventListener("blur", () => (escaped = false));
  area.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      escaped = true;
      return;
    }
    if (event.key !== "Tab" || event.ctrlKey || event.altKey || event.metaKey) {
      escaped = false;
      return;
    }
    if (escaped) return;
    event.preventDefault();
    indent(area, event.shiftKey);
  });
}

/** Puts `line` of the editor in view below the top bar and selects it. */
function gotoLine(line: number): void {
  const area = document.querySelector<HTMLTextAreaElement>("#tsx-editor");
  const gutter = document.querySelector<HTMLElement>("[data-editor-gutter]");
  const mark = document.getElementById(`tsx-L${line}`);
  if (!area || !gutter || !mark) return;
  const lineHeight = mark.offsetHeight || 18;
  area.scrollTop = Math.max(0, (line - 4) * lineHeight);
  gutter.scrollTop = area.scrollTop;
  const top = mark.getBoundingClientRect().top + window.scrollY - TOP_OFFSET - 3 * lineHeight;
  window.scrollTo({ top: Math.max(0, top), behavior: "instant" as ScrollBehavior });
  const starts = selectedLineStarts(area.value, 0, area.value.length);
  const from = starts[line - 1] ?? area.value.length;
  const to = area.value.indexOf("\n", from);
  area.focus({ preventScroll: true });
  area.setSelectionRange(from, to === -1 ? area.value.length : to);
  history.replaceState(history.state, "", `#tsx-L${line}`);
}

function wireWithin(root: ParentNode): void {
  root.querySelectorAll<HTMLElement>("[data-editor]").forEach(wireEditor);
}

document.addEventListener("click", (event) => {
  const link = (event.target as Element | null)?.closest<HTMLAnchorElement>("a[data-goto-line]");
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  gotoLine(Number(link.dataset.gotoLine));
});

document.addEventListener("DOMContentLoaded", () => {
  wireWithin(document);
  const target = /^#tsx-L(\d+)$/.exec(location.hash);
  if (target) gotoLine(Number(target[1]));
});

// After an edit or recompile the whole scene body is new: wire its editor and bring the result into view.
document.addEventListener("htmx:afterSettle", (event) => {
  const body = document.getElementById("scene-body");
  const target = event.target as Node | null;
  if (!body || !target || !(target === body || body.contains(target) || target.contains(body))) return;
  wireWithin(body);
  const result = document.getElementById("flash") ?? document.getElementById("compile-error");
  result?.scrollIntoView({ block: "start", behavior: "instant" as ScrollBehavior });
});
