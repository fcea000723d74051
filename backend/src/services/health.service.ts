// What /api/health reports: whether the database can be written and whether Redis answers now,
// not what the connection last believed.
import type SQLite from "better-sqlite3";
import type { Health } from "@harbor/contracts";
import { probeDatabase } from "../db/health-check";
import type { Responder } from "../llm/responder";
import type { RedisConnection } from "../redis/client";

export function createHealthCheck(deps: { sqlite: SQLite.Database; redis?: RedisConnection; responder: Responder }) {
  return async (): Promise<Health> => {
    const db = probeDatabase(deps.sqlite);
    const redis: Health["redis"] = !deps.redis ? "disabled" : (await deps.redis.ping()) ? "ok" : "down";
    return {
      status: db === "ok" && redis !== "down" ? "ok" : "degraded",
      db,
      redis,
      llm: deps.responder.name,
    };
  };
}
