"use client";

import type { InsightsDrilldown, InsightsMetric, InsightsRange } from "@harbor/contracts";
import Link from "next/link";
import { useEffect, useId, useState, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { toApiError } from "@/lib/api/api-error";
import { cx } from "@/lib/cx";

import { csvUrl, getDrilldown } from "../api/insights-api";

export interface DataTable {
  caption: string;
  columns: string[];
  rows: Array<Array<ReactNode>>;
}

/** Rows a drill-down shows on the page; the CSV has them all. */
const SHOWN_ROWS = 100;

function Table({ table, className }: { table: DataTable; className?: string }) {
  return (
    <div className={cx("overflow-x-auto", className)}>
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">{table.caption}</caption>
        <thead>
          <tr>
            {table.columns.map((column) => (
              <th key={column} scope="col" className="border-b border-line px-2 py-1 font-medium text-muted">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, index) => (
            <tr key={index}>
              {row.map((cell, column) => (
                <td key={column} className="border-b border-line px-2 py-1 align-top">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const CONVERSATION_COLUMNS = new Set(["conversationId"]);

function DrilldownTable({ data, label }: { data: InsightsDrilldown; label: string }) {
  const shown = data.rows.slice(0, SHOWN_ROWS);
  return (
    <div className="mt-2">
      <p className="text-sm font-medium" role="status">
        {data.total} {label}
        {data.total > shown.length && ` (the first ${shown.length} here; the CSV has them all)`}
      </p>
      <div className="mt-1 max-h-96 overflow-auto">
        <table className="w-full border-collapse text-left text-xs">
          <caption className="sr-only">
            The {label} behind this chart
          </caption>
          <thead>
            <tr>
              {data.columns.map((column) => (
                <th key={column} scope="col" className="sticky top-0 border-b border-line bg-surface px-2 py-1 font-medium text-muted">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, index) => (
              <tr key={index}>
                {data.columns.map((column) => {
                  const value = row[column];
                  return (
                    <td key={column} className="border-b border-line px-2 py-1 align-top">
                      {CONVERSATION_COLUMNS.has(column) && typeof value === "string" ? (
                        <Link className="text-link underline" href={`/console/c/${encodeURIComponent(value)}`}>
                          {value.slice(0, 8)}
                        </Link>
                      ) : (
                        (value ?? "")
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Drilldown({ metric, range, total, label }: { metric: InsightsMetric; range: InsightsRange; total: number; label: string }) {
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<{ data?: InsightsDrilldown; error?: string }>({});
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    getDrilldown(metric, range, controller.signal).then(
      (data) => setState({ data }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ error: toApiError(error).message });
      },
    );
    return () => controller.abort();
  }, [open, metric, range]);

  return (
    <div className="mt-3 border-t border-line pt-2">
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((value) => !value)}>
          {open ? `Hide the ${label}` : `List the ${total} ${label}`}
        </Button>
        <a
          className="rounded-md px-1 text-sm text-link underline focus-visible:outline-2 focus-visible:outline-focus"
          href={csvUrl(metric, range)}
          download
        >
          Download CSV{" "}
          <span className="sr-only">of the {label}</span>
        </a>
      </div>
      <div id={panelId} hidden={!open}>
        {open && state.error && (
          <p role="alert" className="mt-2 text-sm text-danger-ink">
            {state.error}
          </p>
        )}
        {open && !state.data && !state.error && <p className="mt-2 text-sm text-muted">Loading…</p>}
        {open && state.data && <DrilldownTable data={state.data} label={label} />}
      </div>
    </div>
  );
}

export interface InsightSectionProps {
  title: string;
  /** One or two lines under the title: the headline figures. */
  summary?: ReactNode;
  /** The chart: drawn for the eye and hidden from screen readers, which read the table instead. */
  chart?: ReactNode;
  table: DataTable;
  drilldown: { metric: InsightsMetric; total: number; label: string };
  range: InsightsRange;
  children?: ReactNode;
}

/** One chart of the insights: its figures, the chart, its table, its drill-down list and CSV. */
export function InsightSection({ title, summary, chart, table, drilldown, range, children }: InsightSectionProps) {
  const headingId = useId();
  const [tableShown, setTableShown] = useState(false);
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-line bg-surface p-3 sm:p-4">
      <div className="flex flex-wrap items-baseline gap-2">
        <h2 id={headingId} className="flex-1 text-base font-semibold">
          {title}
        </h2>
        {chart && (
          <Button size="sm" variant="ghost" aria-pressed={tableShown} onClick={() => setTableShown((value) => !value)}>
            {tableShown ? "Show chart" : "Show table"}
          </Button>
        )}
      </div>
      {summary && <div className="mt-1 text-sm text-muted">{summary}</div>}
      {chart && !tableShown && (
        <div aria-hidden="true" className="mt-2">
          {chart}
        </div>
      )}
      {/* Always there for screen readers; on screen when asked for, or when there is no chart. */}
      <Table table={table} className={cx("mt-2", Boolean(chart) && !tableShown && "sr-only")} />
      {children}
      <Drilldown metric={drilldown.metric} total={drilldown.total} label={drilldown.label} range={range} />
    </section>
  );
}
