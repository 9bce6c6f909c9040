// AppError: an expected failure with an HTTP status and a stable code (the API's error shape).

export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string, id: string) =>
  new AppError(404, "not_found", `${what} ${JSON.stringify(id)} does not exist.`);
