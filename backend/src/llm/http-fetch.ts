// The model adapter's transport: the `fetch` the AI SDK's Mistral provider calls, over node:http
// and node:https with keep-alive agents. Node's own fetch (undici) costs about 1.5 ms of CPU per
// call here, against 0.5 ms for the same request through node:http (bench/turn-costs.ts), and a
// chat turn is one or more such calls. What the provider needs of a fetch is small: a request with
// method, headers, a string body and an abort signal; a Response with status, headers and a body
// it reads as text, JSON or a stream. Redirects, cookies and compression are not part of it (no
// Accept-Encoding is sent, so the API answers uncompressed). See docs/decisions/024-model-http-transport.md.
import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";

const agents = {
  "http:": new http.Agent({ keepAlive: true }),
  "https:": new https.Agent({ keepAlive: true }),
};

/** A network failure named as undici names it, so the AI SDK retries it as it would a fetch's. */
function fetchFailed(cause: unknown): Error {
  return Object.assign(new TypeError("fetch failed"), { cause });
}

export const httpFetch: typeof fetch = (input, init = {}) =>
  new Promise<Response>((resolve, reject) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const agent = agents[url.protocol as keyof typeof agents];
    if (!agent) return reject(new TypeError(`fetch: unsupported protocol ${url.protocol}`));
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return reject(signal.reason);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => void (headers[key] = value));
    const body = init.body;
    if (body != null && typeof body !== "string") return reject(new TypeError("fetch: only a string body is supported"));
    if (body != null) headers["content-length"] = String(Buffer.byteLength(body));

    let reading: http.IncomingMessage | undefined;
    const request = (url.protocol === "https:" ? https : http).request(url, { method: init.method ?? "GET", headers, agent }, (response) => {
      reading = response;
      const responseHeaders = new Headers();
      for (const [key, value] of Object.entries(response.headers)) {
        if (Array.isArray(value)) for (const v of value) responseHeaders.append(key, v);
        else if (value !== undefined) responseHeaders.set(key, value);
      }
      const status = response.statusCode ?? 0;
      const hasBody = init.method !== "HEAD" && status !== 204 && status !== 304;
      if (!hasBody) response.resume();
      resolve(
        new Response(hasBody ? (Readable.toWeb(response) as ReadableStream<Uint8Array>) : null, {
          status,
          statusText: response.statusMessage ?? "",
          headers: responseHeaders,
        }),
      );
    });
    // An abort ends the request, or the body being read, with the signal's reason (an AbortError
    // or a TimeoutError), as fetch does.
    const abort = () => {
      const reason = signal?.reason instanceof Error ? signal.reason : new DOMException("aborted", "AbortError");
      reading?.destroy(reason);
      request.destroy(reason);
    };
    signal?.addEventListener("abort", abort, { once: true });
    request.on("close", () => signal?.removeEventListener("abort", abort));
    request.on("error", (error) => reject(signal?.aborted ? signal.reason : fetchFailed(error)));
    request.end(body ?? undefined);
  });
