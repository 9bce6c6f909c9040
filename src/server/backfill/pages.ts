// Dashboard handlers for /backfill and /verify: pages, the self-polling progress fragment, form actions.
import type { Context } from "hono";
import { BackfillPage, BackfillRunPage, ConfirmStart, DEFAULT_FORM, StartForm, VerifyPage, type StartFormState } from "../../../views/backfill/pages.tsx";
import { RUN_ENDED_EVENT, RunHistory, RunProgress } from "../../../views/backfill/run.tsx";
import { isActiveRun, type BackfillRunRow } from "../../db/queries.ts";
import { VERIFY_CHECKS } from "../../services/backfill-verify.ts";

/** Rows per check on one /verify page. */
const VERIFY_PAGE_SIZE = 50;
import type { BackfillRequest } from "../../services/backfill.ts";
import { AppError } from "../../services/errors.ts";
import { formFields, isHtmx, nonceOf, sendHtml } from "../html.ts";
import type { AppEnv } from "../context.ts";
import { runOf } from "../entities.ts";

export async function backfillPage(c: Context<AppEnv>) {
  const backfill = c.var.services.backfill;
  const runs = await backfill.list(20);
  const active = runs.find(isActiveRun) ?? null;
  const owner = active ? await backfill.owner(active) : null;
  return sendHtml(c, BackfillPage({ nonce: nonceOf(c), active, owner, runs }));
}

export async function backfillRunPage(c: Context<AppEnv>) {
  const run = runOf(c);
  const backfill = c.var.services.backfill;
  const [owner, failures] = await Promise.all([backfill.owner(run), backfill.failures(run)]);
  return sendHtml(c, BackfillRunPage({ nonce: nonceOf(c), run, owner, failures }));
}

/** Tells the page a run has ended (HX-Trigger), so the history table reloads itself. */
function announceEnd(c: Context<AppEnv>, run: BackfillRunRow) {
  if (!isActiveRun(run)) c.header("HX-Trigger", RUN_ENDED_EVENT);
}

/** The progress card alone (htmx polling); carries no hx-trigger once the run has ended. */
export async function backfillProgress(c: Context<AppEnv>) {
  const run = runOf(c);
  announceEnd(c, run);
  return sendHtml(c, RunProgress({ run, owner: await c.var.services.backfill.owner(run) }));
}

/** The history table alone (reloaded when a run ends). */
export async function backfillHistory(c: Context<AppEnv>) {
  return sendHtml(c, RunHistory({ runs: await c.var.services.backfill.list(20) }));
}

function formToRequest(fields: Record<string, string>): { state: StartFormState; request: BackfillRequest } {
  const state: StartFormState = {
    batchSize: fields.batchSize?.trim() || DEFAULT_FORM.batchSize,
    mode: fields.mode === "upgrade" ? "upgrade" : "missing",
    targetVersion: fields.targetVersion === "1" || fields.targetVersion === "2" ? fields.targetVersion : "",
    dryRun: fields.dryRun === "1" || fields.dryRun === "on",
  };
  const batchSize = /^\d+$/.test(state.batchSize) ? Number(state.batchSize) : Number.NaN;
  return {
    state,
    request: {
      batchSize,
      onlyMissing: state.mode === "missing",
      targetVersion: state.targetVersion ? Number(state.targetVersion) : null,
      dryRun: state.dryRun,
    },
  };
}

/** A run that replaces JS scenes serve now: every outdated scene, or a version change (a dry run writes nothing). */
const rewritesArtifacts = (request: BackfillRequest) =>
  !request.dryRun && (request.onlyMissing === false || (request.targetVersion ?? null) !== null);

/**
 * Form start: a run that rewrites stored artifacts first answers with a confirm step naming how many
 * scenes it touches; then htmx gets the live card (or the form again with the reason, 409/400); plain
 * posts redirect.
 */
export async function startBackfillForm(c: Context<AppEnv>) {
  const fields = await formFields(c);
  const { state, request } = formToRequest(fields);
  const backfill = c.var.services.backfill;
  try {
    if (fields.edit === "1") return sendHtml(c, StartForm({ state }));
    if (fields.confirmed !== "1" && rewritesArtifacts(request)) {
      return sendHtml(c, ConfirmStart({ state, total: await backfill.candidates(request) }));
    }
    const { run } = await backfill.start(request);
    if (!isHtmx(c)) return c.redirect(`/backfill/${run.id}`, 303);
    const touches = `Started: ${(run.total ?? 0).toLocaleString("en-US")} ${run.total === 1 ? "scene" : "scenes"} to compile.`;
    return sendHtml(c, RunProgress({ run, owner: "here", message: touches }));
  } catch (error) {
    if (!(error instanceof AppError) || (error.status !== 409 && error.status !== 400)) throw error;
    return sendHtml(c, StartForm({ state, error: error.message }), error.status);
  }
}

async function afterAction(c: Context<AppEnv>, runId: string, message: string) {
  if (!isHtmx(c)) return c.redirect(`/backfill/${runId}`, 303);
  const run = await c.var.services.backfill.get(runId);
  announceEnd(c, run);
  return sendHtml(c, RunProgress({ run, owner: await c.var.services.backfill.owner(run), message }));
}

export async function cancelBackfillForm(c: Context<AppEnv>) {
  const run = await c.var.services.backfill.cancel(runOf(c).id);
  return afterAction(c, run.id, run.status === "cancelled" ? "Cancelled; the run can be resumed later." : `The run is ${run.status}.`);
}

export async function resumeBackfillForm(c: Context<AppEnv>) {
  const id = runOf(c).id;
  try {
    await c.var.services.backfill.resume(id);
    return afterAction(c, id, "Resumed from the last committed batch.");
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 409) throw error;
    return afterAction(c, id, error.message);
  }
}

export async function verifyPage(c: Context<AppEnv>) {
  const check = VERIFY_CHECKS.find((k) => k.key === c.req.query("check"))?.key;
  const cursor = c.req.query("cursor");
  const report = await c.var.services.verifyReport(VERIFY_PAGE_SIZE, check && cursor ? { check, cursor } : undefined);
  return sendHtml(c, VerifyPage({ nonce: nonceOf(c), report }));
}
