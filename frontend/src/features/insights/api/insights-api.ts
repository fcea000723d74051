import type { Insights, InsightsDrilldown, InsightsMetric, InsightsRange } from "@harbor/contracts";

import { apiRequest } from "@/lib/api/api-client";
import { API_BASE_URL, query } from "@/lib/api/api-config";

export function getInsights(range: InsightsRange, signal?: AbortSignal) {
  return apiRequest<Insights>(`/api/staff/insights${query(range)}`, { auth: "staff", signal });
}

export function getDrilldown(metric: InsightsMetric, range: InsightsRange, signal?: AbortSignal) {
  return apiRequest<InsightsDrilldown>(`/api/staff/insights/drilldown${query({ metric, ...range })}`, { auth: "staff", signal });
}

/** A plain link: the browser downloads it with the staff session cookie (the API names the file). */
export function csvUrl(metric: InsightsMetric, range: InsightsRange): string {
  return `${API_BASE_URL}/api/staff/insights/drilldown${query({ metric, ...range, format: "csv" })}`;
}
