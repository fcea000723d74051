import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/api-error";
import { finishedStatus, toFailure } from "./chat-engine";

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
      code: "rate_limited:daily",
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

describe("finishedStatus", () => {
  it("takes the status the API gave the finished reply (a stop from elsewhere, an instance that died)", () => {
    expect(finishedStatus({ status: "stopped", createdAt: "", stored: true }, "Half a reply", false)).toBe("stopped");
    expect(finishedStatus({ status: "complete", createdAt: "", stored: true }, "All of it", false)).toBe("complete");
  });

  it("is stopped when this tab stopped reading, and falls back to the text without metadata", () => {
    expect(finishedStatus({ status: "complete" }, "All of it", true)).toBe("stopped");
    expect(finishedStatus(undefined, "I'm having trouble responding right now. Please try again later.", false)).toBe("fallback");
    expect(finishedStatus(undefined, "Hello", false)).toBe("complete");
  });
});
