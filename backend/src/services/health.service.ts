// What /api/health reports: whether the database can be written and whether Redis answers now,
// not what the connection last believed.
import type { Health } from "@harbor/contracts";
import type { OpenedDatabase } from "../db/connection";
import type { Responder } from "../llm/responder";
import type { RedisConnection } from "../redis/client";

export function createHealthCheck(deps: { database: Pick<OpenedDatabase, "dialect" | "probe">; redis?: RedisConnection; responder: Responder }) {
  return async (): Promise<Health> => {
    const [db, redisUp] = await Promise.all([deps.database.probe(), deps.redis?.ping()]);
    const redis: Health["redis"] = !deps.redis ? "disabled" : redisUp ? "ok" : "down";
    return {
      status: db === "ok" && redis !== "down" ? "ok" : "degraded",
      db,
      database: { status: db, dialect: deps.database.dialect },
      redis,
      llm: deps.responder.name,
    };
  };
}
