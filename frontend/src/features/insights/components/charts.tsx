"use client";

// The insights' charts, drawn with Recharts (docs/decisions/021-insights.md). Each is decoration
// for the eye: the section around it has the same figures as a table for screen readers, so the
// charts are neither focusable nor announced (accessibilityLayer off, aria-hidden around them).
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from "recharts";

import { WEEKDAYS } from "./format";

// Readable on the light and the dark canvas alike.
export const COLORS = { primary: "#2f7d62", secondary: "#7aa7d9", tertiary: "#c98a2b", negative: "#c0392b" };
const AXIS = { fontSize: 12, fill: "#8a857c" };
const size = (height: number) => ({ width: "100%", height });

export interface Series {
  key: string;
  name: string;
  color: string;
}

/** Bars over a category axis (days, reasons, articles), one bar per series, stacked or side by side. */
export function Bars({
  data,
  category,
  series,
  stacked = false,
  horizontal = false,
  height = 220,
}: {
  data: object[];
  category: string;
  series: Series[];
  stacked?: boolean;
  horizontal?: boolean;
  height?: number;
}) {
  return (
    <BarChart
      responsive
      style={size(height)}
      data={data}
      layout={horizontal ? "vertical" : "horizontal"}
      accessibilityLayer={false}
      margin={{ top: 4, right: 8, bottom: 4, left: horizontal ? 8 : -16 }}
    >
      <CartesianGrid strokeDasharray="3 3" stroke="#8a857c33" />
      {horizontal ? (
        <>
          <XAxis type="number" allowDecimals={false} tick={AXIS} />
          <YAxis type="category" dataKey={category} width={160} tick={AXIS} />
        </>
      ) : (
        <>
          <XAxis dataKey={category} tick={AXIS} minTickGap={12} />
          <YAxis allowDecimals={false} tick={AXIS} />
        </>
      )}
      <Tooltip />
      {series.length > 1 && <Legend />}
      {series.map((s) => (
        <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} stackId={stacked ? "stack" : undefined} isAnimationActive={false} />
      ))}
    </BarChart>
  );
}

/** Two or three numbers as bars of their own colours (resolved against not, up against down). */
export function Split({ data, height = 160 }: { data: { name: string; value: number; color: string }[]; height?: number }) {
  return (
    <BarChart responsive style={size(height)} data={data} layout="vertical" accessibilityLayer={false} margin={{ left: 8, right: 8 }}>
      <XAxis type="number" allowDecimals={false} tick={AXIS} />
      <YAxis type="category" dataKey="name" width={170} tick={AXIS} />
      <Tooltip />
      <Bar dataKey="value" name="Count" isAnimationActive={false}>
        {data.map((d) => (
          <Cell key={d.name} fill={d.color} />
        ))}
      </Bar>
    </BarChart>
  );
}

/** Weekday x hour: one square per hour, darker with more shopper messages. */
export function Heatmap({ cells }: { cells: { weekday: number; hour: number; messages: number }[] }) {
  const max = Math.max(1, ...cells.map((c) => c.messages));
  const data = cells.map((c) => ({ ...c, day: c.weekday }));
  return (
    <ScatterChart responsive style={size(260)} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 4, left: 8 }}>
      <XAxis type="number" dataKey="hour" name="Hour" domain={[-0.5, 23.5]} ticks={[0, 3, 6, 9, 12, 15, 18, 21]} tick={AXIS} />
      <YAxis
        type="number"
        dataKey="day"
        name="Day"
        domain={[-0.5, 6.5]}
        ticks={[0, 1, 2, 3, 4, 5, 6]}
        tickFormatter={(d: number) => (WEEKDAYS[d] ?? "").slice(0, 3)}
        reversed
        tick={AXIS}
        width={40}
      />
      <ZAxis type="number" dataKey="messages" name="Messages" range={[60, 60]} />
      <Tooltip
        formatter={(value, name) => (name === "Day" ? (WEEKDAYS[Number(value)] ?? value) : value)}
        cursor={false}
      />
      <Scatter
        data={data}
        isAnimationActive={false}
        shape={(props: { cx?: number; cy?: number; payload?: { messages: number } }) => (
          <rect
            x={(props.cx ?? 0) - 7}
            y={(props.cy ?? 0) - 7}
            width={14}
            height={14}
            rx={2}
            fill={COLORS.primary}
            fillOpacity={0.15 + (0.85 * (props.payload?.messages ?? 0)) / max}
          />
        )}
      />
    </ScatterChart>
  );
}
