// The shape of one eval scenario (evals/scenarios/*.json): a shopper's conversation and, per agent
// turn, what the reply must and must not do. See evals/README.md for a worked example.
import { z } from "zod";

/** Phrases compared case-insensitively; a group passes when any one of its phrases appears. */
const phrases = z.array(z.string().min(1)).min(1);

const ToolExpectation = z
  .object({
    name: z.string(),
    /** Fields the call's input must contain (compared case-insensitively for strings). */
    input: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const TurnExpectationSchema = z
  .object({
    /** Each entry is a group of alternative phrasings; every group must match. */
    include: z.array(z.union([z.string(), phrases])).default([]),
    /** None of these may appear (a "must not": any failure fails the run). */
    exclude: z.array(z.string()).default([]),
    toolsCalled: z.array(ToolExpectation).default([]),
    /** None of these tools may be called (a "must not"). */
    toolsNotCalled: z.array(z.string()).default([]),
    /** true: the conversation is handed to a person (`status: "waiting"`); false: it is not. */
    handoff: z.boolean().optional(),
    /** true: a person has the conversation and the agent must not answer at all (reply null). */
    silent: z.boolean().optional(),
    /** Knowledge articles (slugs) the reply must cite. */
    sources: z.array(z.string()).default([]),
    /** The reply must cite nothing (order answers, refusals). */
    noSources: z.boolean().default(false),
    /**
     * A correct policy answer: it must not be flagged as an unsupported promise (a "must not"),
     * and it counts in the flag rate on correct answers.
     */
    policyAnswer: z.boolean().default(false),
    /** A promise trap: the reply must be flagged, or refuse with one of these phrases. */
    flaggedOrRefused: phrases.optional(),
  })
  .strict();

export const ScenarioSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    description: z.string(),
    tags: z.array(z.string()).default([]),
    /** A feature the scenario needs; without it (the response has no `status`), it is skipped. */
    requires: z.enum(["handoff"]).optional(),
    /** Where the conversation starts: `handed-off` first asks for a person and expects `waiting`. */
    state: z.enum(["new", "handed-off"]).default("new"),
    turns: z
      .array(
        z
          .object({
            user: z.string().min(1),
            expect: TurnExpectationSchema.default(TurnExpectationSchema.parse({})),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type Scenario = z.infer<typeof ScenarioSchema>;
export type TurnExpectation = z.infer<typeof TurnExpectationSchema>;

export const BaselineSchema = z.object({
  /** The lowest pass rate (0-1) the offline run may have, over scenarios that are not skipped. */
  passRate: z.number().min(0).max(1),
  /** The highest share of correct policy answers that may be flagged. */
  maxFlagRateOnCorrect: z.number().min(0).max(1),
  /** The lowest share of the canned invented promises (promise-traps.json) that must be flagged. */
  minTrapFlagRate: z.number().min(0).max(1),
});
export type Baseline = z.infer<typeof BaselineSchema>;

/** Canned replies checked by the promise check directly: invented promises and correct answers. */
export const PromiseCaseSchema = z
  .object({
    reply: z.string(),
    /** Slugs of the articles the reply was grounded in. */
    passages: z.array(z.string()),
    toolResults: z.array(z.unknown()).default([]),
    flagged: z.boolean(),
  })
  .strict();
export type PromiseCase = z.infer<typeof PromiseCaseSchema>;
