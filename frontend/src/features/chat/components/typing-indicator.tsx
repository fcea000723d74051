export function TypingIndicator({ label = "Agent is typing" }: { label?: string }) {
  return (
    <div role="status" className="flex items-center gap-2 px-1 py-2 text-sm text-muted">
      <span className="typing-dots" aria-hidden="true">
        <span />
        <span />
        <span />
      </span>
      {label}
    </div>
  );
}
