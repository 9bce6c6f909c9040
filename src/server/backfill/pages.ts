// Dashboard handlers for /backfill and /verify: pages, the self-polling progress fragment, form actions.
import type { Context } from "hono";
import { BackfillPage, BackfillRunPage, DEFAULT_FORM, StartForm, VerifyPage, type StartFormState } from "../../../views/backfill/pages.tsx";
import { RunProgress } from "../../../views/backfill/run.tsx";
import type { BackfillRequest } from "../../services/backfill.ts";
import { AppError } from "../../services/errors.ts";
import { formFields, isHtmx, nonceOf, sendHtml } from "../html.ts";
import type { AppEnv } from "../context.ts";
import { runOf } from "../entities.ts";

export async function backfillPage(c: Context<AppEnv>) {
  const backfill = c.var.services.backfill;
  const runs = await backfill.list(20);
  const active = runs.find((r) => r.status === "running" || r.status === "queued") ?? null;
  const owner = active ? await backfill.owner(active) : null;
  return sendHtml(c, BackfillPage({ nonce: nonceOf(c), active, owner, runs }));
}

export async function backfillRunPage(c: Context<AppEnv>) {
  const run = runOf(c);
  const backfill = c.var.services.backfill;
  const [owner, failures] = await Promise.all([backfill.owner(run), backfill.failures(run)]);
  return sendHtml(c, BackfillRunPage({ nonce: nonceOf(c), run, owner, failures }));
}

/** The progress card alone (htmx polling); carries no hx-trigger once the run has ended. */
export async function backfillProgress(c: Context<AppEnv>) {
  const run = runOf(c);
  return sendHtml(c, RunProgress({ run, owner: await c.var.services.backfill.owner(run) }));
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

/** Form start: htmx gets the live card (or the form again with the reason, 409/400); plain posts redirect. */
export async function startBackfillForm(c: Context<AppEnv>) {
  const { state, request } = formToRequest(await formFields(c));
  try {
    const { run } = await c.var.services.backfill.start(request);
    if (!isHtmx(c)) return c.redirect(`/backfill/${run.id}`, 303);
    return sendHtml(c, RunProgress({ run, owner: "here" }));
  } catch (error) {
    if (!(error instanceof AppError) || (error.status !== 409 && error.status !== 400)) throw error;
    return sendHtml(c, StartForm({ state, error: error.message }), error.status);
  }
}

async function afterAction(c: Context<AppEnv>, runId: string, message: string) {
  if (!isHtmx(c)) return c.redirect(`/backfill/${runId}`, 303);
  const run = await c.var.services.backfill.get(runId);
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
  const report = await c.var.services.verifyReport(50);
  return sendHtml(c, VerifyPage({ nonce: nonceOf(c), report }));
}
