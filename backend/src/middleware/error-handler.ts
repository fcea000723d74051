import type { ErrorRequestHandler, RequestHandler } from "express";
import { ZodError } from "zod";
import { AppError } from "../errors";
import type { Logger } from "../logger";

// What body-parser and the router throw for bad input, by their `type`.
const BODY_ERRORS: Record<string, [number, string, string]> = {
  "entity.too.large": [413, "payload_too_large:body", "The request body is larger than 32 KB."],
  "entity.parse.failed": [400, "bad_request:json", "The request body is not valid JSON."],
  "encoding.unsupported": [415, "unsupported:encoding", "That content encoding is not supported."],
  "charset.unsupported": [415, "unsupported:charset", "That charset is not supported."],
  "request.aborted": [400, "bad_request:aborted", "The request was aborted."],
  "request.size.invalid": [400, "bad_request:body", "The request body did not match its length."],
  "stream.encoding.set": [500, "internal", "Something went wrong."],
};

// The database cannot be reached or is going away (node-postgres connection errors and PostgreSQL's
// connection and shutdown SQLSTATEs; SQLite's busy and read-only): a retry later may succeed.
const DATABASE_UNAVAILABLE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|08\d{3}|57P0[123]|53300|SQLITE_BUSY|SQLITE_READONLY.*)$/;
const databaseUnavailable = () =>
  new AppError("unavailable:database", 503, "The service cannot reach its database right now. Please try again in a moment.", true, {
    "Retry-After": "5",
  });

function isDatabaseUnavailable(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? "");
  if (DATABASE_UNAVAILABLE.test(code)) return true;
  // node-postgres reports a pool that lost its connection, or a query on an ended one, by message.
  const message = error instanceof Error ? error.message : "";
  return /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/.test(message);
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return databaseUnavailable();
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    const message =
      issue?.code === "invalid_type" && issue.path.length === 0
        ? "The request body must be a JSON object."
        : issue?.code === "unrecognized_keys"
        ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(", ")}`
        : `${where}${issue?.message ?? "invalid input"}`;
    return new AppError("bad_request:validation", 400, message);
  }
  const e = error as { type?: string; status?: number; statusCode?: number; expose?: boolean };
  const known = e?.type ? BODY_ERRORS[e.type] : undefined;
  if (known) return new AppError(known[1], known[0], known[2]);
  const status = e?.status ?? e?.statusCode;
  // Other client errors from Express itself (e.g. a path that does not decode).
  if (typeof status === "number" && status >= 400 && status < 500) {
    return new AppError("bad_request:request", status, "The request could not be understood.");
  }
  if (error instanceof URIError) return new AppError("bad_request:path", 400, "The request path is not valid.");
  return new AppError("internal", 500, "Something went wrong.", false);
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = toAppError(error);
    if (appError.status >= 500) logger.error({ err: error, requestId: req.requestId }, "request failed");
    if (res.headersSent) {
      res.end();
      return;
    }
    res.set(appError.headers);
    res.status(appError.status).json({
      error: {
        code: appError.code,
        message: appError.expose ? appError.message : "Something went wrong.",
        requestId: req.requestId,
        ...(appError.fields && appError.expose ? { fields: appError.fields } : {}),
      },
    });
  };
}

export const notFoundRoute: RequestHandler = (req) => {
  throw new AppError("not_found:route", 404, `No route for ${req.method} ${req.path}.`);
};
