const STARTERS = [
  { label: "Shipping", question: "What are your shipping options and how much do they cost?" },
  { label: "Returns", question: "How do I return an item?" },
  { label: "Where is my order?", question: "Where is my order?" },
];

export function StarterQuestions({ onPick, onIntent }: { onPick(question: string): void; onIntent?(): void }) {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center px-4 py-10 text-center">
      <h2 className="text-2xl font-semibold text-ink">How can we help?</h2>
      <p className="mt-2 text-muted">
        Ask Harbor &amp; Pine support about shipping, returns, payments or an order. Replies come from our
        help center.
      </p>
      <ul className="mt-6 flex w-full flex-col gap-2 sm:flex-row sm:flex-wrap sm:justify-center" aria-label="Suggested questions">
        {STARTERS.map((starter) => (
          <li key={starter.label}>
            <button
              type="button"
              onClick={() => onPick(starter.question)}
              onPointerEnter={onIntent}
              onFocus={onIntent}
              className="w-full rounded-full border border-line bg-surface px-4 py-2 text-sm text-ink transition-colors hover:border-accent hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
            >
              {starter.question}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
