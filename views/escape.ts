// The one escape for text put into hand-written HTML or SVG strings (JSX escapes on its own).

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };

/** Text safe inside an element or a quoted attribute of HTML, SVG or XML. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
