// Request validation: strict UTF-8 JSON bodies and zod validators that answer in the API's error shape.
import { zValidator } from "@hono/zod-validator";
import type { Context, MiddlewareHandler, Next, ValidationTargets } from "hono";
import type { z, ZodType } from "zod";
import { locate } from "../compiler/location.ts";
import { AppError } from "../services/errors.ts";
import type { AppEnv } from "./context.ts";
import { zodDetails } from "./errors.ts";
import { jsonErrorOffset } from "./json-position.ts";
import { assertStorable } from "./unstorable.ts";

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Hono's request body cache holds promises at run time (its type says the resolved value). */
function cacheBodyText(c: Context, text: string) {
  (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
}

/** Line/column where the JSON first goes wrong (only computed on the failure path). */
function errorPosition(text: string) {
  const offset = jsonErrorOffset(text);
  return offset === null ? undefined : locate(text, offset);
}

/**
 * Reads the body once: it must be JSON by content type, valid UTF-8 and parse. The decoded text is
 * left in Hono's body cache, so zValidator("json") reads exactly what was checked here.
 */
export const strictJsonBody: MiddlewareHandler<AppEnv> = async function strictJsonBody(c, next) {
  return readJsonBody(c, next, false);
};

/** Like strictJsonBody, but an empty body is fine (validated as `{}`), e.g. POST …/compile. */
export const optionalJsonBody: MiddlewareHandler<AppEnv> = async function optionalJsonBody(c, next) {
  return readJsonBody(c, next, true);
};

async function readJsonBody(c: Context<AppEnv>, next: Next, optional: boolean) {
  const bytes = await c.req.arrayBuffer();
  if (optional && bytes.byteLength === 0) {
    cacheBodyText(c, "{}");
    return next();
  }
  const mediaType = (c.req.header("content-type") ?? "").split(";")[0]!.trim();
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    throw new AppError(400, "unsupported_media_type", "Send the body as Content-Type: application/json.");
  }
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new AppError(400, "invalid_encoding", "The request body is not valid UTF-8.");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const where = errorPosition(text);
    throw new AppError(400, "invalid_json", `The request body is not valid JSON: ${(error as Error).message}`, where);
  }
  assertStorable(parsed);
  cacheBodyText(c, text);
  c.set("jsonBody", parsed);
  return next();
}

/** What a validator adds to the request's input types (as @hono/zod-validator computes it). */
type ValidatedInput<T extends ZodType, Target extends keyof ValidationTargets> = {
  in: { [K in Target]: z.input<T> };
  out: { [K in Target]: z.output<T> };
};

/** A validator typed over the app's environment, like every other middleware of the route table. */
type Validator<T extends ZodType, Target extends keyof ValidationTargets> = MiddlewareHandler<AppEnv, string, ValidatedInput<T, Target>>;

/** zod validation for one request part; failures are 400 invalid_request with per-field details. */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T): Validator<T, Target> {
  if (target === "json") return validateParsedJson(schema) as unknown as Validator<T, Target>;
  const validator = zValidator(target, schema, (result) => {
    if (!result.success) throw invalid(target, result.error);
  });
  // zValidator infers hono's base Env from a hook that reads nothing of the context; the hook throws
  // instead of answering, so the middleware's only effect is the validated input typed above.
  return validator as unknown as Validator<T, Target>;
}

/** Fails a zod result as 400 invalid_request with per-field details (the API's validation error). */
function invalid(target: string, error: Parameters<typeof zodDetails>[0]): AppError {
  return new AppError(400, "invalid_request", `Invalid ${target}: ${error.issues[0]?.message ?? "bad value"}`, zodDetails(error));
}

/**
 * JSON bodies: validates the value strictJsonBody already parsed (zValidator would parse the text a
 * second time); falls back to parsing when a route validates JSON without strictJsonBody.
 */
function validateParsedJson<T extends ZodType>(schema: T): MiddlewareHandler<AppEnv> {
  return async function validateJson(c, next) {
    const body = c.get("jsonBody") ?? (await c.req.json());
    const result = await schema.safeParseAsync(body);
    if (!result.success) throw invalid("json", result.error);
    c.req.addValidatedData("json", result.data as object);
    await next();
  };
}

/** A route param that fails its schema names nothing that can exist: a 404, not a 400. */
export function paramOr404<T extends ZodType>(schema: T, what: string): Validator<T, "param"> {
  const validator = zValidator("param", schema, (result, c) => {
    if (!result.success) throw new AppError(404, "not_found", `${what} ${JSON.stringify(c.req.path)} does not exist.`);
  });
  return validator as unknown as Validator<T, "param">;
}
