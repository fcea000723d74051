// The benchmark's server process: the real app on BENCH_APP_PORT and, beside it in the same
// process, a bare Express route on BENCH_BARE_PORT — the ceiling every ratio is measured against.
import express from "express";
import { composeApp } from "../backend/src/compose";
import { loadConfig } from "../backend/src/config";
import { createLogger } from "../backend/src/logger";

const { app } = await composeApp(loadConfig(), { logger: createLogger("warn") });
app.listen(Number(process.env.BENCH_APP_PORT), "127.0.0.1");

const bare = express();
bare.use(express.json());
bare.get("/bare", (_req, res) => void res.json({ ok: true }));
bare.post("/bare", (req, res) => void res.json({ ok: true, echo: req.body }));
bare.listen(Number(process.env.BENCH_BARE_PORT), "127.0.0.1", () => console.log("bench server ready"));
process.on("SIGTERM", () => process.exit(0));
