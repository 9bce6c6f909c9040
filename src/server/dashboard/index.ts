// The dashboard's own handlers (overview, failures, login), as the route table imports them.
export { failuresPage } from "./failures.ts";
export { login, loginForm, logout } from "./login.ts";
export { overviewCharts, overviewLive, overviewPage } from "./overview.ts";
export { withDashboardCsp } from "../html.ts";
