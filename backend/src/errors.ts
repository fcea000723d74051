import type { FieldError } from "@harbor/contracts";

// The one error type the app throws on purpose. `expose` says whether the message is safe to
// show to the shopper; anything else becomes a generic 500 in the error middleware.
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly expose = status < 500,
    readonly headers: Record<string, string> = {},
    /** The fields a form got wrong, each with what to fix (sent as `error.fields`). */
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string) =>
  new AppError(`not_found:${what}`, 404, `That ${what} does not exist.`);
export const unauthorized = () =>
  new AppError("unauthorized:visitor", 401, "A valid visitor token is required (Authorization: Bearer <visitorToken>).");
export const badRequest = (code: string, message: string) => new AppError(`bad_request:${code}`, 400, message);

/** A 400 that names every field a form got wrong; its message is the first, for clients that show one line. */
export const invalidFields = (fields: FieldError[]) => {
  const [first] = fields;
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more)` : "";
  const message = first ? `${first.field ? `${first.field}: ` : ""}${first.message}${more}` : "invalid input";
  return new AppError("bad_request:validation", 400, message, true, {}, fields);
};
