// The benchmark's server process: the real app on BENCH_APP_PORT and, beside it in the same
// process, a bare Express route on BENCH_BARE_PORT — the ceiling every ratio is measured against.
import express from "express";
import { createApp } from "../backend/src/app";
import { loadConfig } from "../backend/src/config";
import { openDatabase } from "../backend/src/db/connection";
import { loadKnowledgeBase } from "../backend/src/llm/knowledge-base";
import { createResponder } from "../backend/src/llm/responder";
import { createLogger } from "../backend/src/logger";
import { connectRedis } from "../backend/src/redis/client";

const config = loadConfig();
const logger = createLogger("warn");
const database = await openDatabase(config.DATABASE_PATH);
const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL, logger) : undefined;
const knowledge = loadKnowledgeBase();
const { app } = createApp({ config, database, redis, responder: createResponder(config, knowledge), knowledge, logger });
app.listen(Number(process.env.BENCH_APP_PORT), "127.0.0.1");

const bare = express();
bare.use(express.json());
bare.get("/bare", (_req, res) => void res.json({ ok: true }));
bare.post("/bare", (req, res) => void res.json({ ok: true, echo: req.body }));
bare.listen(Number(process.env.BENCH_BARE_PORT), "127.0.0.1", () => console.log("bench server ready"));
process.on("SIGTERM", () => process.exit(0));
