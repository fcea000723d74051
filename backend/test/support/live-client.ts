// Test clients for the live parts: a Server-Sent Events reader over fetch, and staff sign-in.
import { createStaffRepo } from "../../src/db/staff.repo";
import { createStaffAuthService } from "../../src/services/staff-auth.service";
import type { TestApp } from "./test-app";

export interface EventStream {
  status: number;
  headers: Headers;
  events: any[];
  comments: string[];
  /** Resolves with the first event (already received or still to come) that matches. */
  next(match: (event: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): void;
}

export async function openEvents(url: string, headers: Record<string, string>): Promise<EventStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const events: any[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const stream: EventStream = {
    status: res.status,
    headers: res.headers,
    events,
    comments,
    next(match, timeoutMs = 3000) {
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
          reject(new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => abort.abort(),
  };
  if (res.ok && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = "";
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            for (const line of block.split("\n")) {
              if (line.startsWith("data: ")) events.push(JSON.parse(line.slice(6)));
              else if (line.startsWith(":")) comments.push(line);
            }
            for (const waiter of [...waiters]) waiter();
          }
        }
      } catch {
        // closed
      }
    })();
  }
  return stream;
}

let counter = 0;
/** Creates a staff account in the app's database and signs it in; returns its cookie header. */
export async function signInStaff(t: TestApp, options: { role?: "owner" | "agent"; name?: string } = {}) {
  const email = `staff-${Date.now()}-${++counter}@example.com`;
  const password = "correct horse battery";
  const auth = createStaffAuthService({ staff: createStaffRepo(t.database.db), clock: () => new Date() });
  const member = await auth.addStaff({ email, name: options.name ?? `Sam ${counter}`, role: options.role ?? "agent", password });
  const res = await fetch(`${t.url}/api/staff/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const setCookie = res.headers.get("set-cookie") ?? "";
  const cookie = setCookie.split(";")[0]!;
  return { member, email, password, cookie, setCookie };
}
