// The fake Mistral API in its own process for the benchmarks:  tsx bench/fake-model.ts <port>
// Same server as the tests' (backend/test/support/fake-mistral.ts); scripted through POST /__script.
// The request log is cleared every second so a long run does not grow it.
import { startFakeMistral } from "../backend/test/support/fake-mistral";

const fake = await startFakeMistral(Number(process.argv[2]));
setInterval(() => fake.requests.splice(0), 1000).unref();
console.log(`fake model ready on ${fake.baseURL}`);
const stop = () => void fake.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
