// The load generator, in its own process:  tsx bench/load.ts '<json spec>'
// Runs one autocannon measurement and prints its result as one JSON line on stdout.
// `chatIn` makes every request a new question into one conversation, so each reaches the model
// rather than the reply cache.
import autocannon from "autocannon";

interface Spec {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  chatIn?: string;
  connections: number;
  seconds: number;
}

const spec = JSON.parse(process.argv[2] ?? "{}") as Spec;
let n = 0;
const cpuAtStart = process.cpuUsage();
const result = await autocannon({
  url: spec.url,
  method: spec.method ?? "GET",
  headers: spec.headers,
  body: spec.body,
  connections: spec.connections,
  duration: spec.seconds,
  ...(spec.chatIn
    ? {
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({ conversationId: spec.chatIn, message: `Question ${++n} from ${process.pid} about shipping to Canada` }),
            }),
          },
        ],
      }
    : {}),
});
console.log(
  JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    cpuSeconds: (() => {
      const c = process.cpuUsage(cpuAtStart);
      return (c.user + c.system) / 1e6;
    })(),
  }),
);
