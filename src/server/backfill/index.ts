// Backfill and verification handlers (API and dashboard), for the route table.
export { cancelBackfillRun, getBackfillRun, postBackfill } from "./api.ts";
export {
  backfillHistory, backfillPage, backfillProgress, backfillRunPage, cancelBackfillForm, resumeBackfillForm, startBackfillForm, verifyPage,
} from "./pages.ts";
