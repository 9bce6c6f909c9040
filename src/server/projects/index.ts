// Project handlers, as the route table imports them: the JSON API and the dashboard pages.
export * as api from "./api.ts";
export { projectOptions, projectsPage } from "./pages.ts";
