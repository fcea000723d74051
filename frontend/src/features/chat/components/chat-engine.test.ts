import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/api-error";
import { toFailure } from "./chat-engine";

describe("toFailure", () => {
  it("shows the API's message for a daily budget, without a seconds countdown", () => {
    const failure = toFailure(
      new ApiError({
        status: 429,
        code: "rate_limited:daily",
        message: "You have reached today's message limit. Please try again in about 23 hours.",
        retryAfterSeconds: 82_800,
      }),
    );
    expect(failure).toEqual({
      message: "You have reached today's message limit. Please try again in about 23 hours.",
      retryAfterSeconds: null,
      network: false,
    });
  });

  it("keeps the per-minute cooldown for the other limits", () => {
    const failure = toFailure(
      new ApiError({ status: 429, code: "rate_limited:chat-ip", message: "Too many messages", retryAfterSeconds: 12 }),
    );
    expect(failure.retryAfterSeconds).toBe(12);
  });
});
