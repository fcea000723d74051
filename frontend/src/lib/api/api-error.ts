import type { ErrorBody, FieldError } from "@harbor/contracts";

/** Error codes the web app reacts to (the API sends `{ error: { code } }`). */
export const ERROR_CODES = {
  network: "network",
  invalidCredentials: "invalid_credentials",
  assignedToSomeoneElse: "conflict:assigned",
} as const;

/** status 0 means the API could not be reached at all. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly retryAfterSeconds: number | null;
  /** Each field a form got wrong, with what to fix (a validated form's 400); empty otherwise. */
  readonly fields: FieldError[];

  constructor(init: { status: number; code: string; message: string; retryAfterSeconds?: number | null; fields?: FieldError[] }) {
    super(init.message);
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.fields = init.fields ?? [];
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }

  get isRateLimited(): boolean {
    return this.status === 429;
  }
}

export function networkError(): ApiError {
  return new ApiError({ status: 0, code: "network", message: "Can't reach the support service." });
}

/** Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

export async function errorFromResponse(response: Response): Promise<ApiError> {
  let code = `http:${response.status}`;
  let message = "Something went wrong. Please try again.";
  let fields: FieldError[] = [];
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    if (body.error) {
      code = body.error.code;
      message = body.error.message;
      if (Array.isArray(body.error.fields)) fields = body.error.fields;
    }
  } catch {
    // Not our JSON error (a proxy page, say): keep the generic message.
  }
  return new ApiError({
    status: response.status,
    code,
    message,
    retryAfterSeconds: parseRetryAfter(response.headers.get("Retry-After")),
    fields,
  });
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TypeError) return networkError();
  return new ApiError({
    status: 500,
    code: "unknown",
    message: error instanceof Error && error.message ? error.message : "Something went wrong.",
  });
}
