// GET / (the overview page), GET /overview/live (its self-refreshing part) and GET /overview/charts (charts alone).
import type { Context } from "hono";
import { OverviewLive, OverviewPage, RangeSwitch } from "../../../views/pages/overview.tsx";
import { OverviewChartsFragment } from "../../../views/fragments/overview-charts.tsx";
import { parseRange } from "../../services/dashboard.ts";
import type { AppEnv } from "../context.ts";
import { nonceOf, sendHtml } from "../html.ts";

export async function overviewPage(c: Context<AppEnv>) {
  const service = c.var.services.dashboard;
  const [headline, charts] = await Promise.all([service.headline(), service.charts(parseRange(c.req.query("days")))]);
  return sendHtml(c, OverviewPage({ nonce: nonceOf(c), headline, charts, at: new Date() }));
}

/** The self-refreshing figures and charts (polling and the range switch), with the range switch out of band. */
export async function overviewLive(c: Context<AppEnv>) {
  const service = c.var.services.dashboard;
  const [headline, charts] = await Promise.all([service.headline(), service.charts(parseRange(c.req.query("days")))]);
  return sendHtml(c, `${OverviewLive({ headline, charts, at: new Date() })}${RangeSwitch({ days: charts.days, oob: true })}`);
}

export async function overviewCharts(c: Context<AppEnv>) {
  const charts = await c.var.services.dashboard.charts(parseRange(c.req.query("days")));
  return sendHtml(c, `${OverviewChartsFragment({ charts })}${RangeSwitch({ days: charts.days, oob: true })}`);
}
