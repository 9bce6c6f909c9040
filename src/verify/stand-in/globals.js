// Browser globals real scenes read while rendering, which QuickJS lacks: a silent console, timers that
// never fire (effects are not run either), and an `Intl` reduced to what number/date formatting needs.
// Without them a scene that works in Chromium would fail verification (a false alarm).

function group(intPart) {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function fixed(n, options) {
  const max = options.maximumFractionDigits ?? Math.max(options.minimumFractionDigits ?? 0, 3);
  const min = options.minimumFractionDigits ?? 0;
  let text = Math.abs(n).toFixed(Math.min(20, max));
  if (text.includes(".")) {
    text = text.replace(/0+$/, "");
    const decimals = text.length - text.indexOf(".") - 1;
    if (decimals < min) text += "0".repeat(min - decimals);
    text = text.replace(/\.$/, "");
  } else if (min > 0) text += "." + "0".repeat(min);
  const [intPart, frac] = text.split(".");
  const grouped = options.useGrouping === false ? intPart : group(intPart);
  return (n < 0 ? "-" : "") + grouped + (frac ? "." + frac : "");
}

const COMPACT = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]];

class NumberFormat {
  constructor(locale, options = {}) {
    this.options = options;
  }
  format(value) {
    const n = Number(value);
    const o = this.options;
    if (!Number.isFinite(n)) return Number.isNaN(n) ? "NaN" : n > 0 ? "∞" : "-∞";
    if (o.style === "percent") return fixed(n * 100, { maximumFractionDigits: 0, ...o }) + "%";
    if (o.notation === "compact") {
      const unit = COMPACT.find(([size]) => Math.abs(n) >= size);
      if (unit) return fixed(n / unit[0], { maximumFractionDigits: 1, ...o }) + unit[1];
      return fixed(n, { maximumFractionDigits: 0, ...o });
    }
    const body = fixed(n, o.style === "currency" ? { minimumFractionDigits: 2, maximumFractionDigits: 2, ...o } : o);
    return o.style === "currency" ? (o.currency === "EUR" ? "€" : o.currency === "GBP" ? "£" : "$") + body : body;
  }
  formatToParts(value) {
    return [{ type: "literal", value: this.format(value) }];
  }
  resolvedOptions() {
    return { locale: "en-US", ...this.options };
  }
}

class DateTimeFormat {
  constructor(locale, options = {}) {
    this.options = options;
  }
  format(date) {
    return new Date(date ?? 0).toISOString().slice(0, 10);
  }
  resolvedOptions() {
    return { locale: "en-US", timeZone: "UTC", ...this.options };
  }
}

let timerIds = 0;
const timer = () => ++timerIds;
const noop = () => {};

export function installBrowserGlobals(g) {
  const console = {};
  for (const name of ["log", "info", "warn", "error", "debug", "trace", "table", "group", "groupEnd", "time", "timeEnd", "assert"]) {
    console[name] = noop;
  }
  Object.assign(g, {
    console,
    Intl: { NumberFormat, DateTimeFormat },
    setTimeout: timer,
    setInterval: timer,
    requestAnimationFrame: timer,
    clearTimeout: noop,
    clearInterval: noop,
    cancelAnimationFrame: noop,
    queueMicrotask: noop,
  });
  g.window = g;
  g.self = g;
}
