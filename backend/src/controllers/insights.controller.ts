// The owner's insights: the figures, and each chart's drill-down list as JSON or CSV.
import type { Request, Response } from "express";
import { InsightsDrilldownQuerySchema, InsightsRangeSchema, type Insights, type InsightsDrilldown } from "@harbor/contracts";
import { AppError } from "../errors";
import { staffOf } from "../middleware/actor";
import { toCsv, type InsightsService } from "../services/insights.service";

/** Insights show every conversation's figures and the store's costs: owners only. */
function ownerOnly(req: Request) {
  if (staffOf(req).role !== "owner") {
    throw new AppError("forbidden:owner_only", 403, "Only the store's owners can see insights.");
  }
}

const rangeOf = (req: Request) => InsightsRangeSchema.parse({ from: req.query.from, to: req.query.to });

export function createInsightsController(insights: InsightsService) {
  return {
    async summary(req: Request, res: Response) {
      ownerOnly(req);
      const { insights: figures } = await insights.compute(rangeOf(req));
      res.set("Cache-Control", "no-store").json(figures satisfies Insights);
    },

    async drilldown(req: Request, res: Response) {
      ownerOnly(req);
      const range = rangeOf(req);
      const { metric, format } = InsightsDrilldownQuerySchema.parse({ metric: req.query.metric, format: req.query.format });
      const table = (await insights.compute(range)).drilldowns[metric];
      res.set("Cache-Control", "no-store");
      if (format === "csv") {
        res
          .type("text/csv; charset=utf-8")
          .attachment(`insights-${metric}-${range.from}-to-${range.to}.csv`)
          .send(toCsv(table));
        return;
      }
      res.json(table satisfies InsightsDrilldown);
    },
  };
}
