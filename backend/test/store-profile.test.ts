// The store profile as data: seeded once, read by everyone, edited by owners only, validated per
// field, and heard by every API instance that shares the database and Redis.
import { randomUUID } from "node:crypto";
import type { StoreSettings } from "@harbor/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeedProfile } from "../src/db/seed-store-profile";
import { describeHours } from "../src/services/store-profile.service";
import { transcript } from "./support/fake-mistral";
import { signInStaff } from "./support/live-client";
import { apiClient, createTestDatabase, startTestApp, waitFor, type TestApp, type TestDatabase } from "./support/test-app";

const seed = loadSeedProfile();
// A Tuesday at noon in New York: the demo store is open.
const NOW = new Date("2026-12-01T17:00:00Z");

const edited: StoreSettings = {
  ...seed,
  name: "Cedar & Salt",
  about: "an online shop for hand-made soaps and candles",
  supportEmail: "hello@cedarandsalt.example",
  timeZone: "Europe/Madrid",
  hours: [
    { weekday: 1, open: "08:30", close: "17:00" },
    { weekday: 2, open: "08:30", close: "17:00" },
    { weekday: 3, open: "08:30", close: "17:00" },
  ],
  holidays: ["2026-12-25"],
  replyTime: "within 2 hours",
  brandColor: "#8a3b12",
  returnsUrl: "https://cedarandsalt.example/returns",
};

const put = (t: TestApp, cookie: string, body: unknown, headers: Record<string, string> = {}) =>
  apiClient(t.url)("PUT", "/api/staff/store-profile", body, { cookie, ...headers });

describe("the store profile through the API", () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signInStaff>>;
  let agent: Awaited<ReturnType<typeof signInStaff>>;
  beforeAll(async () => {
    t = await startTestApp({ redis: false, mistral: false, clock: () => NOW });
    owner = await signInStaff(t, { role: "owner", name: "Robin Owner" });
    agent = await signInStaff(t, { role: "agent", name: "Sam Agent" });
  });
  afterAll(async () => {
    await t.close();
  });

  it("serves the seeded demo profile publicly, with the hours in words and the brand color", async () => {
    const res = await apiClient(t.url)("GET", "/api/store");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      name: "Harbor & Pine",
      supportEmail: "support@harborandpine.example",
      timeZone: "America/New_York",
      hours: seed.hours,
      hoursText: "Monday to Friday 9:00-18:00, Saturday 10:00-14:00 Eastern Time; closed on Sunday and holidays",
      replyTime: "within 1 business day",
      brandColor: "#1d5c47",
      openNow: true,
      nextOpenAt: null,
    });
  });

  it("shows staff the whole profile; an agent may read it but not change it", async () => {
    expect((await apiClient(t.url)("GET", "/api/staff/store-profile")).status).toBe(401);
    const read = await apiClient(t.url)("GET", "/api/staff/store-profile", undefined, { cookie: agent.cookie });
    expect(read.status).toBe(200);
    expect(read.headers.get("cache-control")).toBe("no-store");
    expect(read.json).toEqual({ profile: seed, updatedAt: null, updatedBy: null });

    const refused = await put(t, agent.cookie, edited);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("forbidden:owner_only");
    // The role is checked before the body: an agent learns nothing about the form.
    expect((await put(t, agent.cookie, { name: "" })).json.error.code).toBe("forbidden:owner_only");
    expect((await apiClient(t.url)("PUT", "/api/staff/store-profile", edited)).status).toBe(401);
    expect((await apiClient(t.url)("GET", "/api/store")).json.name).toBe("Harbor & Pine");
  });

  it("refuses a save from a foreign origin, like every staff mutation", async () => {
    const res = await put(t, owner.cookie, edited, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden:origin");
  });

  it("answers a bad save with a 400 that names every field and what to fix", async () => {
    const res = await put(t, owner.cookie, {
      ...seed,
      name: "   ",
      supportEmail: "support-at-example",
      timeZone: "Mars/Olympus_Mons",
      hours: [
        { weekday: 1, open: "9:00", close: "18:00" },
        { weekday: 2, open: "18:00", close: "09:00" },
        { weekday: 2, open: "10:00", close: "12:00" },
      ],
      holidays: ["2026-02-30", "2026-12-25"],
      brandColor: "green",
      returnsUrl: "javascript:alert(1)",
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("bad_request:validation");
    const fields = Object.fromEntries((res.json.error.fields as { field: string; message: string }[]).map((f) => [f.field, f.message]));
    expect(fields).toEqual({
      name: "Enter the store's name.",
      supportEmail: "Enter an email address like support@yourstore.com.",
      timeZone: "Enter an IANA time zone, like America/New_York or Europe/Madrid.",
      "hours.0.open": "Opening time must be HH:MM (24-hour), like 09:00.",
      "hours.1.close": "Closing time must be after the opening time.",
      "hours.2.weekday": "Tuesday is listed twice.",
      "holidays.0": "Holidays must be dates as YYYY-MM-DD, like 2026-12-25.",
      brandColor: "Brand color must be a hex color like #1d5c47.",
      returnsUrl: "Enter the full address of the returns page, starting with https://.",
    });
    expect(res.json.error.message).toBe("name: Enter the store's name. (and 8 more)");

    const unknown = await put(t, owner.cookie, { ...seed, logo: "x.png" });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields).toEqual([{ field: "logo", message: 'Unknown field "logo".' }]);
    const missing = await put(t, owner.cookie, { name: "Only a name" });
    expect(missing.status).toBe(400);
    expect(missing.json.error.fields.map((f: { field: string }) => f.field)).toContain("timeZone");
    expect((await put(t, owner.cookie, "[]")).status).toBe(400);
    // Nothing of a refused save was kept.
    expect((await apiClient(t.url)("GET", "/api/store")).json.name).toBe("Harbor & Pine");
  });

  it("an owner's save is what the public profile, the assistant, the handoff words and the returns page say at once", async () => {
    const saved = await put(t, owner.cookie, { ...edited, brandColor: "#8A3B12", holidays: ["2026-12-25", "2026-12-25"] });
    expect(saved.status).toBe(200);
    expect(saved.json).toEqual({ profile: edited, updatedAt: NOW.toISOString(), updatedBy: { name: "Robin Owner" } });
    expect((await apiClient(t.url)("GET", "/api/staff/store-profile", undefined, { cookie: agent.cookie })).json).toEqual(saved.json);

    const store = (await apiClient(t.url)("GET", "/api/store")).json;
    expect(store).toMatchObject({
      name: "Cedar & Salt",
      supportEmail: "hello@cedarandsalt.example",
      timeZone: "Europe/Madrid",
      brandColor: "#8a3b12",
      replyTime: "within 2 hours",
      hoursText: "Monday to Wednesday 8:30-17:00 Central European Time; closed on Thursday, Friday, Saturday, Sunday and holidays",
      // 18:00 in Madrid on a Tuesday: closed until Wednesday 8:30.
      openNow: false,
      nextOpenAt: "2026-12-02T07:30:00.000Z",
    });

    // The offline responder greets with the new name.
    const greeting = await apiClient(t.url)("POST", "/api/chat", { message: "hello" });
    expect(greeting.json.reply.content).toContain("I'm the Cedar & Salt assistant");
    expect(greeting.json.reply.content).not.toContain("Harbor");

    // The handoff words name the team, the hours and the reply time of the profile.
    const chat = apiClient(t.url, greeting.json.visitorToken);
    const handedOff = await chat("POST", "/api/chat", { message: "I want to talk to a human", conversationId: greeting.json.conversationId });
    expect(handedOff.json.reply.content).toContain("a person from the Cedar & Salt team");
    expect(handedOff.json.reply.content).toContain("within 2 hours");
    expect(handedOff.json.reply.content).toContain("Monday to Wednesday 8:30-17:00");

    // The return tool sends the shopper to the profile's returns page.
    const returning = await apiClient(t.url)("POST", "/api/chat", { message: "I want to return order HP-10047, my email is mike.chen@example.com" });
    expect(returning.json.reply.content).toContain("https://cedarandsalt.example/returns");
    expect(returning.json.reply.content).not.toContain("harborandpine");
  });

  it("keeps an owner's profile when the app starts again on the same database (the seed fills only an empty one)", async () => {
    // The same database (its file or schema), left for the first app to drop.
    const env = { DATABASE_URL: t.config.DATABASE_URL ?? "", DATABASE_PATH: t.config.DATABASE_PATH };
    const reopened = await startTestApp({ redis: false, mistral: false, database: { env, drop: async () => {} } });
    try {
      expect((await apiClient(reopened.url)("GET", "/api/store")).json.name).toBe("Cedar & Salt");
    } finally {
      await reopened.close();
    }
  });
});

describe("the agent's system prompt", () => {
  it("introduces the store and its contact from the profile", async () => {
    const t = await startTestApp({ redis: false });
    try {
      const owner = await signInStaff(t, { role: "owner" });
      expect((await put(t, owner.cookie, edited)).status).toBe(200);
      t.mistral!.script({ text: "Hello from the store." });
      expect((await apiClient(t.url)("POST", "/api/chat", { message: "what do you sell?" })).status).toBe(200);
      const system = String(transcript(t.mistral!.requests.at(-1)!.body)[0]!.content);
      expect(system).toContain("customer support agent for Cedar & Salt, an online shop for hand-made soaps and candles.");
      expect(system).toContain("hello@cedarandsalt.example (a reply within 2 hours), hours Monday to Wednesday 8:30-17:00");
      // The knowledge passages are the articles' own words (the knowledge editor's); the rules are the profile's.
      expect(system.slice(0, system.indexOf("Knowledge passages:"))).not.toMatch(/Harbor|harborandpine|home goods/);
      // The articles name the contact through placeholders: the passages carry the profile's, never the seed's.
      expect(system).toContain("contact hello@cedarandsalt.example");
      expect(system).not.toMatch(/support@harborandpine|\{\{store\./);
    } finally {
      await t.close();
    }
  });
});

describe("the articles' placeholders", () => {
  it("fill the contact, hours and returns page from the profile: in the help center and the offline replies, after a save too", async () => {
    const t = await startTestApp({ redis: false, mistral: false });
    try {
      const before = await apiClient(t.url)("GET", "/api/help/contact-support");
      expect(before.json.body).toContain("support@harborandpine.example");
      expect(before.json.body).toContain("Saturday 10:00-14:00 Eastern Time");
      const owner = await signInStaff(t, { role: "owner" });
      expect((await put(t, owner.cookie, edited)).status).toBe(200);
      await waitFor(async () => (await apiClient(t.url)("GET", "/api/help/contact-support")).json.body.includes("hello@cedarandsalt.example"), 2000);
      const after = (await apiClient(t.url)("GET", "/api/help/contact-support")).json.body as string;
      expect(after).toContain("within 2 hours");
      expect(after).toContain("Monday to Wednesday 8:30-17:00");
      expect(after).not.toMatch(/harborandpine|\{\{/);
      const asked = await apiClient(t.url)("POST", "/api/chat", { message: "What is your support email address?" });
      expect(asked.json.reply.content).toContain("hello@cedarandsalt.example");
      expect(asked.json.reply.content).not.toContain("harborandpine");
    } finally {
      await t.close();
    }
  });
});

describe("two API instances on one database and one Redis", () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it("an owner's save on one is what the other serves within a second, through the store.updated event", async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const env = { REDIS_PREFIX: `store-${randomUUID().slice(0, 8)}:` };
    const a = await startTestApp({ redis: true, mistral: false, env, database });
    const b = await startTestApp({ redis: true, mistral: false, env, database });
    try {
      expect((await apiClient(b.url)("GET", "/api/store")).json.name).toBe("Harbor & Pine");
      const owner = await signInStaff(a, { role: "owner" });
      const savedAt = Date.now();
      expect((await put(a, owner.cookie, edited)).status).toBe(200);
      await waitFor(async () => (await apiClient(b.url)("GET", "/api/store")).json.name === "Cedar & Salt", 1000);
      expect(Date.now() - savedAt).toBeLessThan(1000);
      expect((await apiClient(b.url)("GET", "/api/store")).json.brandColor).toBe("#8a3b12");
      // B's assistant says the new name too: it reads the copy the event refreshed.
      expect((await apiClient(b.url)("POST", "/api/chat", { message: "hi" })).json.reply.content).toContain("Cedar & Salt");
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("an instance on another Redis key space hears nothing, and reads the change at its next start", async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const a = await startTestApp({ redis: true, mistral: false, database });
    const b = await startTestApp({ redis: true, mistral: false, database });
    try {
      const owner = await signInStaff(a, { role: "owner" });
      expect((await put(a, owner.cookie, edited)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect((await apiClient(b.url)("GET", "/api/store")).json.name).toBe("Harbor & Pine");
    } finally {
      await a.close();
      await b.close();
    }
    const c = await startTestApp({ redis: false, mistral: false, database });
    try {
      expect((await apiClient(c.url)("GET", "/api/store")).json.name).toBe("Cedar & Salt");
    } finally {
      await c.close();
    }
  });
});

describe("the hours in words", () => {
  const zone = { timeZone: "America/New_York", holidays: [] as string[] };
  it("joins runs of days with the same hours, Monday first, and names the closed days", () => {
    expect(describeHours({ ...zone, hours: [] })).toBe("no regular hours");
    expect(describeHours({ ...zone, hours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, open: "00:00", close: "23:59" })) })).toBe(
      "Monday to Sunday 0:00-23:59 Eastern Time",
    );
    expect(
      describeHours({
        ...zone,
        hours: [
          { weekday: 1, open: "09:00", close: "17:00" },
          { weekday: 2, open: "09:00", close: "17:00" },
          { weekday: 4, open: "09:00", close: "17:00" },
          { weekday: 0, open: "11:00", close: "15:00" },
        ],
      }),
    ).toBe("Monday and Tuesday 9:00-17:00, Thursday 9:00-17:00, Sunday 11:00-15:00 Eastern Time; closed on Wednesday, Friday and Saturday");
    expect(describeHours({ timeZone: "UTC", holidays: ["2026-12-25"], hours: [{ weekday: 6, open: "10:00", close: "12:00" }] })).toMatch(
      /^Saturday 10:00-12:00 UTC; closed on Monday, .*, Sunday and holidays$/,
    );
  });
});
