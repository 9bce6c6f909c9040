// Scene handlers, as the route table imports them: the JSON API and the dashboard's scene pages.
export * as api from "./api.ts";
export { deleteScene, editScene, recompileScene, sceneDiff, scenePage } from "./detail-page.ts";
export { bulkRecompile, bulkRecompileCancel, bulkRecompileConfirm, recompileRow, scenesPage, undoDelete } from "./list-page.ts";
export { scenesCsv, scenesJson } from "./list-download.ts";
