// Scene, project and run ids are uuids: anything else is refused before it reaches a ::uuid cast in the database.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (id: string): boolean => UUID.test(id);

/** An instant as `Date.toISOString()` writes it (the form our keyset cursors carry). */
export const isIsoTimestamp = (text: string): boolean =>
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(text) && !Number.isNaN(Date.parse(text));

/** A value that fits a Postgres `integer` column. */
export const isInt4 = (n: unknown): n is number => Number.isInteger(n) && Math.abs(n as number) <= 2 ** 31 - 1;
