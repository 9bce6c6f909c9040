// The dashboard's handlers, as the route table imports them.
export { failuresPage } from "./failures.ts";
export { login, loginForm, logout } from "./login.ts";
export { overviewCharts, overviewPage } from "./overview.ts";
export { withDashboardCsp } from "./render.ts";
export { deleteScene, editScene, recompileScene, sceneDiff, scenePage } from "./scene.ts";
export { bulkRecompile, bulkRecompileCancel, bulkRecompileConfirm, scenesPage } from "./scenes.ts";
