"use client";

import type { Insights, InsightsRange } from "@harbor/contracts";
import { useEffect, useState, useSyncExternalStore, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { toApiError } from "@/lib/api/api-error";

import { getInsights } from "../api/insights-api";
import { Bars, COLORS, Heatmap, Split } from "./charts";
import { count, daysAgo, duration, handoffReason, percent, usd, WEEKDAYS } from "./format";
import { InsightSection } from "./insight-section";

type Load = { state: "loading" } | { state: "ready"; insights: Insights } | { state: "error"; message: string; forbidden: boolean };

const PRESETS = [7, 30, 90] as const;

export const RESOLUTION_DEFINITION =
  "A conversation counts as resolved by the assistant when the assistant replied, it was never handed off or taken over, no staff member wrote in it, no reply got a thumbs down, and the shopper did not write again within 24 hours of the assistant's last reply. Conversations whose last reply is less than 24 hours old are not counted yet.";

function RangeForm({ range, onChange }: { range: InsightsRange; onChange: (range: InsightsRange) => void }) {
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!from || !to) return setProblem("Choose both dates.");
    if (from > to) return setProblem("The first day must not be after the last.");
    setProblem(null);
    onChange({ from, to });
  }

  function preset(days: number) {
    const next = { from: daysAgo(days - 1), to: daysAgo(0) };
    setFrom(next.from);
    setTo(next.to);
    setProblem(null);
    onChange(next);
  }

  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-describedby={problem ? "range-problem" : undefined}>
      <label className="flex flex-col text-sm">
        From
        <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} className="h-10 rounded-lg border border-line bg-surface px-2" />
      </label>
      <label className="flex flex-col text-sm">
        To
        <input type="date" value={to} onChange={(e) => setTo(e.target.value)} className="h-10 rounded-lg border border-line bg-surface px-2" />
      </label>
      <Button type="submit" variant="primary">
        Show
      </Button>
      <span className="flex gap-1" role="group" aria-label="Quick ranges">
        {PRESETS.map((days) => (
          <Button key={days} size="sm" variant="ghost" onClick={() => preset(days)}>
            Last {days} days
          </Button>
        ))}
      </span>
      {problem && (
        <p id="range-problem" role="alert" className="w-full text-sm text-danger-ink">
          {problem}
        </p>
      )}
    </form>
  );
}

const noSubscription = () => () => {};

/** The owner's insights: what the assistant did for the store over a range of days. */
export function InsightsPage({ initialRange }: { initialRange?: InsightsRange }) {
  // The default range ends today in the browser's calendar: chosen in the browser only, so the
  // server's render (another clock, another time zone) never disagrees with it.
  const inBrowser = useSyncExternalStore(noSubscription, () => true, () => false);
  if (!inBrowser) {
    return (
      <p role="status" className="p-4 text-sm text-muted">
        Loading insights…
      </p>
    );
  }
  return <InsightsView initialRange={initialRange} />;
}

function InsightsView({ initialRange }: { initialRange?: InsightsRange }) {
  const [range, setRange] = useState<InsightsRange>(() => initialRange ?? { from: daysAgo(29), to: daysAgo(0) });
  const [attempt, setAttempt] = useState(0);
  // What was loaded, for which request: anything else is still loading.
  const requestKey = `${range.from}/${range.to}/${attempt}`;
  const [loaded, setLoaded] = useState<{ key: string; load: Load } | null>(null);
  const load: Load = loaded?.key === requestKey ? loaded.load : { state: "loading" };

  useEffect(() => {
    const controller = new AbortController();
    getInsights(range, controller.signal).then(
      (insights) => setLoaded({ key: requestKey, load: { state: "ready", insights } }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = toApiError(error);
        setLoaded({
          key: requestKey,
          load: {
            state: "error",
            forbidden: apiError.status === 403,
            message: apiError.isNetwork ? "Can't reach the support service." : apiError.message,
          },
        });
      },
    );
    return () => controller.abort();
  }, [range, requestKey]);

  return (
    <div className="mx-auto flex w-full max-w-5xl flex-col gap-3 p-3 sm:p-4">
      <h1 className="text-xl font-semibold">Insights</h1>
      <RangeForm range={range} onChange={setRange} />
      {load.state === "loading" && (
        <p role="status" className="text-sm text-muted">
          Loading insights…
        </p>
      )}
      {load.state === "error" &&
        (load.forbidden ? (
          <p role="alert" className="text-sm">
            {load.message}
          </p>
        ) : (
          <ErrorBanner onRetry={() => setAttempt((n) => n + 1)}>{load.message}</ErrorBanner>
        ))}
      {load.state === "ready" && <Figures insights={load.insights} range={range} />}
    </div>
  );
}

function Figures({ insights: i, range }: { insights: Insights; range: InsightsRange }) {
  const days = i.volume.days.map((d) => ({ ...d, day: d.date.slice(5) }));
  const resolved = i.resolution.resolvedByAssistant;
  const notResolved = i.resolution.eligible - resolved;
  const reasons = i.handoffs.byReason.map((r) => ({ reason: handoffReason(r.reason), conversations: r.conversations }));
  const responders = [
    { responder: "Assistant", ...i.firstResponse.assistant },
    { responder: "Staff", ...i.firstResponse.staff },
  ];
  const m = i.modelUse;
  return (
    <div className="grid gap-3 lg:grid-cols-2">
      <p className="text-sm text-muted lg:col-span-2">
        {range.from} to {range.to}, days in the store&apos;s time zone ({i.range.timeZone}).
      </p>

      <InsightSection
        title="Conversations per day"
        summary={`${count(i.volume.conversations)} conversations started`}
        chart={<Bars data={days} category="day" series={[{ key: "conversations", name: "Conversations", color: COLORS.primary }]} />}
        table={{ caption: "Conversations started per day", columns: ["Date", "Conversations"], rows: i.volume.days.map((d) => [d.date, d.conversations]) }}
        drilldown={{ metric: "conversations", total: i.volume.conversations, label: "conversations" }}
        range={range}
      />

      <InsightSection
        title="Messages per day"
        summary={`${count(i.volume.messages)} messages`}
        chart={
          <Bars
            data={days}
            category="day"
            stacked
            series={[
              { key: "shopper", name: "Shopper", color: COLORS.secondary },
              { key: "assistant", name: "Assistant", color: COLORS.primary },
              { key: "staff", name: "Staff", color: COLORS.tertiary },
            ]}
          />
        }
        table={{
          caption: "Messages per day by who wrote them",
          columns: ["Date", "Shopper", "Assistant", "Staff"],
          rows: i.volume.days.map((d) => [d.date, d.shopper, d.assistant, d.staff]),
        }}
        drilldown={{ metric: "messages", total: i.volume.messages, label: "messages" }}
        range={range}
      />

      <InsightSection
        title="Automated resolution rate"
        summary={
          <>
            <span className="text-2xl font-semibold text-ink">{percent(i.resolution.rate)}</span> of {count(i.resolution.eligible)} conversations
            {i.resolution.pending > 0 && ` (${count(i.resolution.pending)} more not counted yet)`}
          </>
        }
        chart={
          <Split
            data={[
              { name: "Resolved by the assistant", value: resolved, color: COLORS.primary },
              { name: "Not resolved by it", value: notResolved, color: COLORS.tertiary },
            ]}
          />
        }
        table={{
          caption: "Conversations resolved by the assistant",
          columns: ["Outcome", "Conversations"],
          rows: [
            ["Resolved by the assistant", resolved],
            ["Not resolved by it", notResolved],
          ],
        }}
        drilldown={{ metric: "resolution", total: i.resolution.eligible, label: "conversations" }}
        range={range}
      >
        <p className="mt-2 text-xs text-muted">{RESOLUTION_DEFINITION}</p>
      </InsightSection>

      <InsightSection
        title="Handoffs by reason"
        summary={`${count(i.handoffs.handedOff)} of ${count(i.handoffs.conversations)} conversations handed to a person (${percent(i.handoffs.rate)})`}
        chart={<Bars data={reasons} category="reason" horizontal series={[{ key: "conversations", name: "Conversations", color: COLORS.tertiary }]} />}
        table={{ caption: "Handed-off conversations by reason", columns: ["Reason", "Conversations"], rows: reasons.map((r) => [r.reason, r.conversations]) }}
        drilldown={{ metric: "handoffs", total: i.handoffs.handedOff, label: "handed-off conversations" }}
        range={range}
      />

      <InsightSection
        title="Reopened conversations"
        summary={`${count(i.reopens.reopened)} of ${count(i.reopens.resolved)} resolved conversations were reopened by the shopper (${percent(i.reopens.rate)})`}
        chart={
          <Split
            data={[
              { name: "Reopened", value: i.reopens.reopened, color: COLORS.tertiary },
              { name: "Stayed resolved", value: i.reopens.resolved - i.reopens.reopened, color: COLORS.primary },
            ]}
          />
        }
        table={{
          caption: "Resolved conversations, reopened or not",
          columns: ["Outcome", "Conversations"],
          rows: [
            ["Reopened", i.reopens.reopened],
            ["Stayed resolved", i.reopens.resolved - i.reopens.reopened],
          ],
        }}
        drilldown={{ metric: "reopens", total: i.reopens.resolved, label: "resolved conversations" }}
        range={range}
      />

      <InsightSection
        title="Thumbs up and down"
        summary={`${count(i.feedback.up)} up, ${count(i.feedback.down)} down`}
        chart={
          <Split
            data={[
              { name: "Thumbs up", value: i.feedback.up, color: COLORS.primary },
              { name: "Thumbs down", value: i.feedback.down, color: COLORS.negative },
            ]}
          />
        }
        table={{
          caption: "Ratings of the assistant's replies, with the reasons given",
          columns: ["Rating", "Reason", "Replies"],
          rows: i.feedback.reasons.map((r) => [r.rating === "up" ? "Thumbs up" : "Thumbs down", r.reason, r.count]),
        }}
        drilldown={{ metric: "feedback", total: i.feedback.up + i.feedback.down, label: "rated replies" }}
        range={range}
      />

      <InsightSection
        title="First response time"
        summary={`Assistant: median ${duration(i.firstResponse.assistant.p50)}; staff after a handoff: median ${duration(i.firstResponse.staff.p50)}`}
        chart={
          // Seconds against hours: each responder on its own scale.
          <div className="grid grid-cols-2 gap-2">
            {[
              { who: "Assistant", unit: "seconds", ms: 1000, figures: i.firstResponse.assistant },
              { who: "Staff", unit: "minutes", ms: 60_000, figures: i.firstResponse.staff },
            ].map(({ who, unit, ms, figures }) => (
              <div key={who}>
                <p className="text-center text-xs text-muted">
                  {who} ({unit})
                </p>
                <Bars
                  data={[
                    { stat: "Median", value: Math.round(((figures.p50 ?? 0) / ms) * 10) / 10 },
                    { stat: "90th pct.", value: Math.round(((figures.p90 ?? 0) / ms) * 10) / 10 },
                  ]}
                  category="stat"
                  height={180}
                  series={[{ key: "value", name: unit, color: who === "Staff" ? COLORS.tertiary : COLORS.primary }]}
                />
              </div>
            ))}
          </div>
        }
        table={{
          caption: "First response time of the assistant and of staff",
          columns: ["Responder", "Responses", "Median", "90th percentile"],
          rows: responders.map((r) => [r.responder, r.count, duration(r.p50), duration(r.p90)]),
        }}
        drilldown={{ metric: "first-response", total: i.firstResponse.assistant.count + i.firstResponse.staff.count, label: "first responses" }}
        range={range}
      />

      <InsightSection
        title="Busiest hours"
        summary={`${count(i.busiestHours.total)} shopper messages by weekday and hour, in ${i.range.timeZone}`}
        chart={<Heatmap cells={i.busiestHours.cells} />}
        table={{
          caption: "Shopper messages by weekday and hour (hours without messages left out)",
          columns: ["Day", "Hour", "Shopper messages"],
          rows: i.busiestHours.cells.map((c) => [WEEKDAYS[c.weekday] ?? "", `${String(c.hour).padStart(2, "0")}:00`, c.messages]),
        }}
        drilldown={{ metric: "busiest-hours", total: i.busiestHours.total, label: "shopper messages" }}
        range={range}
      />

      <InsightSection
        title="Articles cited most"
        summary={`${count(i.articles.citations)} citations under the assistant's replies`}
        chart={
          <Bars data={i.articles.top} category="title" horizontal height={60 + 32 * i.articles.top.length} series={[{ key: "citations", name: "Citations", color: COLORS.primary }]} />
        }
        table={{ caption: "The articles cited most", columns: ["Article", "Citations"], rows: i.articles.top.map((a) => [a.title, a.citations]) }}
        drilldown={{ metric: "articles", total: i.articles.citations, label: "citations" }}
        range={range}
      />

      <InsightSection
        title="Invented promises"
        summary={`${count(i.promises.flagged)} of ${count(i.promises.replies)} replies flagged by the promise check (${percent(i.promises.rate)})`}
        chart={
          <Split
            data={[
              { name: "Flagged", value: i.promises.flagged, color: COLORS.negative },
              { name: "Not flagged", value: i.promises.replies - i.promises.flagged, color: COLORS.primary },
            ]}
          />
        }
        table={{
          caption: "Replies flagged for a promise their sources do not state",
          columns: ["Replies", "Count"],
          rows: [
            ["Flagged", i.promises.flagged],
            ["Not flagged", i.promises.replies - i.promises.flagged],
          ],
        }}
        drilldown={{ metric: "promises", total: i.promises.flagged, label: "flagged replies" }}
        range={range}
      />

      <div className="lg:col-span-2">
        <InsightSection
          title="Knowledge gaps"
          summary={`${count(i.knowledgeGaps.questions)} shopper questions with weak retrieval, a thumbs down or a missing-knowledge handoff, grouped by the words they share`}
          table={{
            caption: "Knowledge gaps: similar questions grouped, most asked first",
            columns: ["Question", "Times asked", "Weak retrieval", "Thumbs down", "Missing knowledge", ""],
            rows: i.knowledgeGaps.groups.map((g) => [
              <span key="q">
                {g.question}
                {g.examples.length > 1 && <span className="block text-xs text-muted">Also: {g.examples.filter((e) => e !== g.question).join(" · ")}</span>}
              </span>,
              g.count,
              g.weakRetrieval,
              g.thumbsDown,
              g.missingKnowledge,
              <a key="w" href={g.writeArticleUrl} className="whitespace-nowrap text-link underline">
                Write an article <span className="sr-only">answering “{g.question}”</span>
              </a>,
            ]),
          }}
          drilldown={{ metric: "knowledge-gaps", total: i.knowledgeGaps.questions, label: "questions" }}
          range={range}
        />
      </div>

      <div className="lg:col-span-2">
        <InsightSection
          title="Model use"
          summary={`${count(m.replies)} replies, ${percent(m.cacheHitRate)} from the reply cache, estimated cost ${usd(m.estimatedCostUsd)}`}
          chart={<Bars data={m.byModel} category="model" horizontal height={120 + 30 * m.byModel.length} series={[{ key: "replies", name: "Replies", color: COLORS.primary }]} />}
          table={{
            caption: "Model use",
            columns: ["Figure", "Value"],
            rows: [
              ["Replies", count(m.replies)],
              ["Cache hit rate", percent(m.cacheHitRate)],
              ["Latency, median", duration(m.latencyMs.p50)],
              ["Latency, 95th percentile", duration(m.latencyMs.p95)],
              ["Time to first token, median", duration(m.timeToFirstTokenMs.p50)],
              ["Time to first token, 95th percentile", duration(m.timeToFirstTokenMs.p95)],
              ["Tokens in", count(m.tokensIn)],
              ["Tokens out", count(m.tokensOut)],
              [`Estimated cost (${usd(m.prices.inputPerMillion)} / ${usd(m.prices.outputPerMillion)} per million tokens in / out)`, usd(m.estimatedCostUsd)],
              ...m.byModel.map((b) => [`Replies by ${b.model}`, count(b.replies)]),
            ],
          }}
          drilldown={{ metric: "model-use", total: m.replies, label: "replies" }}
          range={range}
        />
      </div>
    </div>
  );
}
