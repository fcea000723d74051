// What bench/web-lighthouse.ts and bench/widget-lighthouse.ts read of a Lighthouse result.
/** The part of Lighthouse's result (LH.Result) the Lighthouse benches read. */
export interface LighthouseResult {
  lighthouseVersion: string;
  fetchTime: string;
  finalDisplayedUrl: string;
  environment: { hostUserAgent: string; benchmarkIndex: number };
  runtimeError?: { code: string; message: string };
  runWarnings: string[];
  categories: { performance: { score: number | null } };
  audits: Record<string, { numericValue?: number; details?: { items?: Record<string, unknown>[] } }>;
}
