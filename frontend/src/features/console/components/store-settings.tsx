"use client";

import type { StoreSettings as StoreSettingsValues, StoreSettingsResponse } from "@harbor/contracts";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { toApiError } from "@/lib/api/api-error";
import { cx } from "@/lib/cx";

import { getStoreSettings, saveStoreSettings } from "../api/console-api";
import { useConsole } from "../state/console-context";
import { dayName, errorsByField, fromForm, toForm, type DayRow, type SettingsForm } from "../state/store-settings-form";

type Load = { state: "loading" } | { state: "error"; message: string } | { state: "ready"; saved: StoreSettingsResponse };
type Save = { state: "idle" } | { state: "saving" } | { state: "saved"; at: string } | { state: "failed"; message: string };

const inputClass =
  "h-10 rounded-lg border border-line bg-surface px-3 text-ink focus:border-accent focus-visible:outline-2 focus-visible:outline-focus disabled:opacity-70 aria-[invalid=true]:border-danger";

/** Every time zone the browser knows, for the time zone field's suggestions. */
function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: "timeZone") => string[] };
  try {
    return intl.supportedValuesOf?.("timeZone") ?? [];
  } catch {
    return [];
  }
}

const savedAtText = (iso: string) =>
  new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));

/** /console/settings: the store's profile. Owners edit and save it; agents see it read-only. */
export function StoreSettings() {
  const { staff } = useConsole();
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    getStoreSettings(controller.signal).then(
      (saved) => setLoad({ state: "ready", saved }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = toApiError(error);
        setLoad({ state: "error", message: apiError.isNetwork ? "Can't reach the support service." : apiError.message });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  return (
    <div className="mx-auto w-full max-w-3xl p-4 sm:p-6">
      <h1 className="text-xl font-semibold">Store settings</h1>
      <p className="mt-1 text-sm text-muted">
        The chat, the assistant, the help center and the chat on your site all say what is set here.
      </p>
      {load.state === "loading" && (
        <p role="status" className="mt-6 text-sm text-muted">
          Loading the store&apos;s settings…
        </p>
      )}
      {load.state === "error" && (
        <div className="mt-6">
          <ErrorBanner onRetry={() => setAttempt((count) => count + 1)}>{load.message}</ErrorBanner>
        </div>
      )}
      {load.state === "ready" && (
        <SettingsEditor
          initial={load.saved}
          canEdit={staff.role === "owner"}
          onSaved={(saved) => setLoad({ state: "ready", saved })}
        />
      )}
    </div>
  );
}

function SettingsEditor({
  initial,
  canEdit,
  onSaved,
}: {
  initial: StoreSettingsResponse;
  canEdit: boolean;
  onSaved(saved: StoreSettingsResponse): void;
}) {
  const [form, setForm] = useState<SettingsForm>(() => toForm(initial.profile));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [save, setSave] = useState<Save>({ state: "idle" });
  const [newHoliday, setNewHoliday] = useState("");
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  // Counts the failed saves; each one moves the focus once the errors are on the page.
  const [failedSaves, setFailedSaves] = useState(0);

  // The first field to fix takes focus; without one, the summary is announced where it is. An
  // effect, not a frame callback: it runs after React has put aria-invalid on the fields, which a
  // requestAnimationFrame queued in the handler could beat on a busy machine.
  useEffect(() => {
    if (failedSaves === 0) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (first ?? summaryRef.current)?.focus();
  }, [failedSaves]);
  const zonesId = useId();

  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    if (save.state === "saved") setSave({ state: "idle" });
  };
  const setDay = (weekday: number, change: Partial<DayRow>) =>
    set(
      "days",
      form.days.map((day) => (day.weekday === weekday ? { ...day, ...change } : day)),
    );

  function addHoliday() {
    if (!newHoliday) return;
    if (!form.holidays.includes(newHoliday)) set("holidays", [...form.holidays, newHoliday].sort());
    setNewHoliday("");
  }

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (!canEdit || save.state === "saving") return;
    const sent: StoreSettingsValues = fromForm(form);
    setSave({ state: "saving" });
    try {
      const saved = await saveStoreSettings(sent);
      setErrors({});
      setForm(toForm(saved.profile));
      setSave({ state: "saved", at: saved.updatedAt ?? new Date().toISOString() });
      onSaved(saved);
    } catch (error) {
      const apiError = toApiError(error);
      const byField = errorsByField(sent, apiError.fields);
      setErrors(byField);
      const count = Object.keys(byField).length;
      setSave({
        state: "failed",
        message:
          count > 0
            ? `The settings were not saved: ${count === 1 ? "one field needs" : `${count} fields need`} fixing.`
            : apiError.isNetwork
              ? "Can't reach the support service. Nothing was saved."
              : apiError.message,
      });
      setFailedSaves((failures) => failures + 1);
    }
  }

  const error = (key: string) => errors[key];

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} className="mt-6 flex flex-col gap-6" aria-label="Store settings">
      {!canEdit && (
        <p role="note" className="rounded-lg border border-line bg-surface-muted px-3 py-2 text-sm">
          Only an owner can change these settings. You can see what shoppers are told.
        </p>
      )}
      <div ref={summaryRef} tabIndex={-1} className="outline-none">
        {save.state === "failed" && <ErrorBanner>{save.message}</ErrorBanner>}
        {save.state === "saved" && (
          <p role="status" className="rounded-lg border border-line bg-accent-soft px-3 py-2 text-sm text-ink">
            Saved. The chat and the assistant use the new settings now; open pages show them within a minute.
          </p>
        )}
      </div>

      <fieldset disabled={!canEdit} className="flex flex-col gap-6">
        <Section title="The store">
          <Field id="name" label="Store name" error={error("name")}>
            {(props) => <input {...props} type="text" autoComplete="organization" value={form.name} onChange={(e) => set("name", e.target.value)} />}
          </Field>
          <Field
            id="about"
            label="What the store is"
            hint="One line the assistant introduces the store with, like “a small online store for home goods”."
            error={error("about")}
          >
            {(props) => <input {...props} type="text" value={form.about} onChange={(e) => set("about", e.target.value)} />}
          </Field>
          <Field id="returnsUrl" label="Returns page" hint="Where shoppers start a return: the assistant links it." error={error("returnsUrl")}>
            {(props) => <input {...props} type="url" inputMode="url" value={form.returnsUrl} onChange={(e) => set("returnsUrl", e.target.value)} />}
          </Field>
          <BrandColorField value={form.brandColor} error={error("brandColor")} onChange={(value) => set("brandColor", value)} />
        </Section>

        <Section title="Contact">
          <Field id="supportEmail" label="Support email" error={error("supportEmail")}>
            {(props) => (
              <input {...props} type="email" autoComplete="email" value={form.supportEmail} onChange={(e) => set("supportEmail", e.target.value)} />
            )}
          </Field>
          <Field
            id="replyTime"
            label="Usual reply time"
            hint="Ends the sentence “You'll get an answer by email …”, like “within 1 business day”."
            error={error("replyTime")}
          >
            {(props) => <input {...props} type="text" value={form.replyTime} onChange={(e) => set("replyTime", e.target.value)} />}
          </Field>
        </Section>

        <Section title="Opening hours" description="When a person of the team answers in the chat; times in the store's time zone.">
          <Field id="timeZone" label="Time zone" hint="An IANA name, like America/New_York or Europe/Madrid." error={error("timeZone")}>
            {(props) => (
              <>
                <input
                  {...props}
                  type="text"
                  list={zonesId}
                  autoComplete="off"
                  spellCheck={false}
                  value={form.timeZone}
                  onChange={(e) => set("timeZone", e.target.value)}
                />
                <datalist id={zonesId}>
                  {timeZones().map((zone) => (
                    <option key={zone} value={zone} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          {error("hours") && <p className="text-sm text-danger-ink">{error("hours")}</p>}
          <ul className="flex flex-col divide-y divide-line rounded-lg border border-line bg-surface" aria-label="Hours by weekday">
            {form.days.map((day) => (
              <DayHours
                key={day.weekday}
                day={day}
                openError={error(`days.${day.weekday}.open`)}
                closeError={error(`days.${day.weekday}.close`)}
                onChange={(change) => setDay(day.weekday, change)}
              />
            ))}
          </ul>
        </Section>

        <Section title="Holidays" description="Days the team is away all day (in the store's time zone).">
          {form.holidays.length === 0 ? (
            <p className="text-sm text-muted">No holidays.</p>
          ) : (
            <ul className="flex flex-wrap gap-2" aria-label="Holidays">
              {form.holidays.map((day) => {
                const dayError = error(`holidays.${day}`);
                return (
                  <li
                    key={day}
                    className={cx(
                      "flex items-center gap-1 rounded-full border bg-surface py-0.5 pl-3 pr-1 text-sm",
                      dayError ? "border-danger" : "border-line",
                    )}
                  >
                    <time dateTime={day}>{day}</time>
                    {dayError && <span className="text-danger-ink">: {dayError}</span>}
                    <Button size="sm" variant="ghost" aria-label={`Remove ${day}`} onClick={() => set("holidays", form.holidays.filter((d) => d !== day))}>
                      ×
                    </Button>
                  </li>
                );
              })}
            </ul>
          )}
          <div className="flex items-end gap-2">
            <label className="flex flex-col gap-1 text-sm font-medium">
              Add a holiday
              <input
                type="date"
                className={cx(inputClass, "w-48")}
                value={newHoliday}
                onChange={(e) => setNewHoliday(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    e.preventDefault();
                    addHoliday();
                  }
                }}
              />
            </label>
            <Button onClick={addHoliday} disabled={!newHoliday}>
              Add
            </Button>
          </div>
        </Section>
      </fieldset>

      {canEdit && (
        <div className="flex items-center gap-3 border-t border-line pt-4">
          <Button type="submit" variant="primary" disabled={save.state === "saving"}>
            {save.state === "saving" ? "Saving…" : "Save settings"}
          </Button>
          {initial.updatedAt && (
            <p className="text-sm text-muted">
              Last saved {savedAtText(initial.updatedAt)}
              {initial.updatedBy ? ` by ${initial.updatedBy.name}` : ""}.
            </p>
          )}
        </div>
      )}
    </form>
  );
}

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="flex flex-col gap-4">
      <div>
        <h2 id={id} className="text-base font-semibold">
          {title}
        </h2>
        {description && <p className="text-sm text-muted">{description}</p>}
      </div>
      {children}
    </section>
  );
}

interface FieldInputProps {
  id: string;
  className: string;
  "aria-invalid": boolean;
  "aria-describedby": string | undefined;
}

/** A labelled input with its hint and its error, both read out with it. */
function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children(props: FieldInputProps): ReactNode;
}) {
  const inputId = `store-${id}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={inputId} className="text-sm font-medium">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-muted">
          {hint}
        </p>
      )}
      {children({
        id: inputId,
        className: cx(inputClass, "w-full"),
        "aria-invalid": Boolean(error),
        "aria-describedby": [errorId, hintId].filter(Boolean).join(" ") || undefined,
      })}
      {error && (
        <p id={errorId} className="text-sm text-danger-ink">
          {error}
        </p>
      )}
    </div>
  );
}

function DayHours({
  day,
  openError,
  closeError,
  onChange,
}: {
  day: DayRow;
  openError?: string;
  closeError?: string;
  onChange(change: Partial<DayRow>): void;
}) {
  const name = dayName(day.weekday);
  const errorId = `store-day-${day.weekday}-error`;
  const rowError = openError ?? closeError;
  return (
    <li className="flex flex-col gap-1 px-3 py-2">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <span className="w-24 font-medium" id={`store-day-${day.weekday}`}>
          {name}
        </span>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-4 accent-[var(--color-accent)]"
            checked={day.closed}
            aria-label={`Closed on ${name}`}
            onChange={(e) => onChange({ closed: e.target.checked })}
          />
          <span aria-hidden="true">Closed</span>
        </label>
        {!day.closed && (
          <div className="flex items-center gap-2 text-sm">
            <input
              type="time"
              className={cx(inputClass, "w-32")}
              aria-label={`${name} opens at`}
              aria-invalid={Boolean(openError)}
              aria-describedby={openError ? errorId : undefined}
              value={day.open}
              onChange={(e) => onChange({ open: e.target.value })}
            />
            <span aria-hidden="true">to</span>
            <input
              type="time"
              className={cx(inputClass, "w-32")}
              aria-label={`${name} closes at`}
              aria-invalid={Boolean(closeError)}
              aria-describedby={closeError ? errorId : undefined}
              value={day.close}
              onChange={(e) => onChange({ close: e.target.value })}
            />
          </div>
        )}
      </div>
      {rowError && (
        <p id={errorId} className="text-sm text-danger-ink">
          {rowError}
        </p>
      )}
    </li>
  );
}

function BrandColorField({ value, error, onChange }: { value: string; error?: string; onChange(value: string): void }) {
  const valid = /^#[0-9a-f]{6}$/i.test(value);
  const errorId = error ? "store-brandColor-error" : undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="store-brandColor" className="text-sm font-medium">
        Brand color
      </label>
      <p id="store-brandColor-hint" className="text-sm text-muted">
        The chat&apos;s accent: your shoppers&apos; messages and its buttons. Text on it stays readable.
      </p>
      <div className="flex items-center gap-2">
        <input
          type="color"
          aria-label="Color picker"
          className="h-10 w-12 cursor-pointer rounded-lg border border-line bg-surface p-1"
          value={valid ? value.toLowerCase() : "#000000"}
          onChange={(e) => onChange(e.target.value)}
        />
        <input
          id="store-brandColor"
          type="text"
          spellCheck={false}
          className={cx(inputClass, "w-32 font-mono")}
          aria-invalid={Boolean(error)}
          aria-describedby={[errorId, "store-brandColor-hint"].filter(Boolean).join(" ")}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      </div>
      {error && (
        <p id={errorId} className="text-sm text-danger-ink">
          {error}
        </p>
      )}
    </div>
  );
}
