import type { StoreProfile } from "@harbor/contracts";

const backAt = new Intl.DateTimeFormat(undefined, { weekday: "long", hour: "numeric", minute: "2-digit" });

function formatBack(iso: string | null): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : backAt.format(date);
}

/** Shown while the conversation waits for a person: when someone can answer, from the store profile. */
export function WaitingNotice({ store }: { store: StoreProfile | null }) {
  const back = formatBack(store?.nextOpenAt ?? null);
  return (
    <div role="status" data-testid="waiting-notice" className="rounded-lg border border-line bg-accent-soft px-3 py-2 text-sm text-ink">
      <p className="font-medium">Waiting for a person</p>
      {store === null ? (
        <p className="text-ink">Someone from the team will join this conversation as soon as they can.</p>
      ) : store.openNow ? (
        <p>
          Someone from the {store.name} team will join here soon. Our hours: {store.hoursText}.
        </p>
      ) : (
        <p>
          The {store.name} team is away right now{back ? ` and back ${back}` : ""} ({store.hoursText}). Leave your
          question here: you&apos;ll get an answer by email {store.replyTime}. You can also write to{" "}
          {store.supportEmail}.
        </p>
      )}
    </div>
  );
}
