// Runs the fake Mistral API as its own process, for the end-to-end tests and benchmarks:
//   tsx test/support/fake-mistral-server.ts [port]
import { startFakeMistral } from "./fake-mistral";

const port = Number(process.argv[2] ?? process.env.FAKE_MISTRAL_PORT ?? 3999);
const fake = await startFakeMistral(port);
console.log(`fake Mistral listening on ${fake.baseURL}`);
const stop = () => void fake.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
