import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

// Structured logs. Message text and request bodies are never logged at info.
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: undefined, redact: ["req.headers.authorization"] };
  return destination ? pino(options, destination) : pino(options);
}
