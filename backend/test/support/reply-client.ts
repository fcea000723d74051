// Reads a UI message stream (POST /api/chat/stream, GET /api/chat/:id/stream) as it arrives:
// each event with its SSE `id:`, and a wait for the one that matches.
export interface UiEvent {
  id: string | undefined;
  chunk: any;
}

export interface UiStream {
  status: number;
  headers: Headers;
  events: UiEvent[];
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  next(match: (event: UiEvent) => boolean, timeoutMs?: number): Promise<UiEvent>;
  text(): string;
  close(): void;
}

export async function openUiStream(url: string, init: RequestInit = {}): Promise<UiStream> {
  const abort = new AbortController();
  const res = await fetch(url, { ...init, signal: abort.signal });
  const events: UiEvent[] = [];
  const waiters = new Set<() => void>();
  const deltas = () => events.filter((e) => e.chunk.type === "text-delta").map((e) => e.chunk.delta).join("");
  const ended = (async () => {
    if (!res.body || res.status !== 200) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const piece of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(piece, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const lines = buffer.slice(0, end).split("\n");
          buffer = buffer.slice(end + 2);
          const id = lines.find((l) => l.startsWith("id: "))?.slice(4);
          const data = lines.find((l) => l.startsWith("data: "))?.slice(6);
          if (data && data !== "[DONE]") events.push({ id, chunk: JSON.parse(data) });
          for (const waiter of [...waiters]) waiter();
        }
      }
    } catch {
      // closed by us
    }
  })();
  return {
    status: res.status,
    headers: res.headers,
    events,
    ended,
    text: deltas,
    next(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.chunk.type))}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => abort.abort(),
  };
}
