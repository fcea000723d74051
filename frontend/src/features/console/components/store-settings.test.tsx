import type { Staff, StoreSettings as StoreSettingsValues, StoreSettingsResponse } from "@harbor/contracts";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { apiError, json, mockFetch, silentStream } from "../../../../test/fetch-mock";
import { ConsoleProvider } from "../state/console-context";
import { errorsByField, fromForm, toForm } from "../state/store-settings-form";
import { StoreSettings } from "./store-settings";

const OWNER: Staff = { id: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", email: "owner@example.com", name: "Robin", role: "owner" };
const AGENT: Staff = { ...OWNER, id: "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", name: "Sam", role: "agent" };

const PROFILE: StoreSettingsValues = {
  name: "Harbor & Pine",
  about: "a small online store for home goods",
  supportEmail: "support@harborandpine.example",
  timeZone: "America/New_York",
  hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open: "09:00", close: "18:00" })).concat([{ weekday: 6, open: "10:00", close: "14:00" }]),
  holidays: ["2026-12-25", "2027-01-01"],
  replyTime: "within 1 business day",
  brandColor: "#1d5c47",
  returnsUrl: "https://harborandpine.example/returns",
};
const LOADED: StoreSettingsResponse = { profile: PROFILE, updatedAt: null, updatedBy: null };

function renderSettings(staff: Staff = OWNER) {
  render(
    <ConsoleProvider staff={staff} onSessionEnded={vi.fn()}>
      <StoreSettings />
    </ConsoleProvider>,
  );
  return userEvent.setup();
}

function routes(put?: (body: StoreSettingsValues) => Response) {
  const sent: StoreSettingsValues[] = [];
  const spy = mockFetch([
    { path: /\/api\/staff\/events$/, handle: () => silentStream() },
    { path: /\/api\/staff\/store-profile$/, handle: () => json(LOADED) },
    {
      method: "PUT",
      path: /\/api\/staff\/store-profile$/,
      handle: (_url, init) => {
        const body = JSON.parse(String(init?.body)) as StoreSettingsValues;
        sent.push(body);
        return put ? put(body) : json({ profile: body, updatedAt: "2026-12-01T17:00:00.000Z", updatedBy: { name: "Robin" } });
      },
    },
  ]);
  return { sent, spy };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("Store settings", () => {
  it("shows every field of the profile with its label, the week Monday first", async () => {
    routes();
    renderSettings();
    expect(await screen.findByLabelText("Store name")).toHaveValue("Harbor & Pine");
    expect(screen.getByLabelText("What the store is")).toHaveValue("a small online store for home goods");
    expect(screen.getByLabelText("Support email")).toHaveValue("support@harborandpine.example");
    expect(screen.getByLabelText("Usual reply time")).toHaveValue("within 1 business day");
    expect(screen.getByLabelText("Time zone")).toHaveValue("America/New_York");
    expect(screen.getByLabelText("Returns page")).toHaveValue("https://harborandpine.example/returns");
    expect(screen.getByLabelText("Brand color")).toHaveValue("#1d5c47");
    expect(screen.getByLabelText("Color picker")).toHaveValue("#1d5c47");
    expect(screen.getByLabelText("Time zone")).toHaveAccessibleDescription("An IANA name, like America/New_York or Europe/Madrid.");

    const week = within(screen.getByRole("list", { name: "Hours by weekday" })).getAllByRole("listitem");
    expect(week.map((row) => row.textContent?.slice(0, 3))).toEqual(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    expect(screen.getByLabelText("Monday opens at")).toHaveValue("09:00");
    expect(screen.getByLabelText("Saturday closes at")).toHaveValue("14:00");
    expect(screen.getByRole("checkbox", { name: "Closed on Sunday" })).toBeChecked();
    expect(screen.queryByLabelText("Sunday opens at")).toBeNull();
    expect(within(screen.getByRole("list", { name: "Holidays" })).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      expect.stringContaining("2026-12-25"),
      expect.stringContaining("2027-01-01"),
    ]);
    expect(screen.getByRole("button", { name: "Save settings" })).toBeEnabled();
  });

  it("saves what the owner changed: text, hours, holidays and color, then says so", async () => {
    const { sent } = routes();
    const user = renderSettings();
    const name = await screen.findByLabelText("Store name");
    await user.clear(name);
    await user.type(name, "Cedar & Salt");
    await user.clear(screen.getByLabelText("Usual reply time"));
    await user.type(screen.getByLabelText("Usual reply time"), "within 2 hours");

    // Sunday opens, Saturday closes, Friday closes early.
    await user.click(screen.getByRole("checkbox", { name: "Closed on Sunday" }));
    const sundayOpens = screen.getByLabelText("Sunday opens at");
    await user.clear(sundayOpens);
    await user.type(sundayOpens, "11:00");
    await user.click(screen.getByRole("checkbox", { name: "Closed on Saturday" }));
    const fridayCloses = screen.getByLabelText("Friday closes at");
    await user.clear(fridayCloses);
    await user.type(fridayCloses, "16:30");

    await user.click(screen.getByRole("button", { name: "Remove 2027-01-01" }));
    await user.type(screen.getByLabelText("Add a holiday"), "2026-11-26");
    await user.click(screen.getByRole("button", { name: "Add" }));

    const color = screen.getByLabelText("Brand color");
    await user.clear(color);
    await user.type(color, "#8A3B12");

    await user.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByRole("status")).toHaveTextContent(/^Saved\./);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({
      ...PROFILE,
      name: "Cedar & Salt",
      replyTime: "within 2 hours",
      hours: [
        { weekday: 1, open: "09:00", close: "18:00" },
        { weekday: 2, open: "09:00", close: "18:00" },
        { weekday: 3, open: "09:00", close: "18:00" },
        { weekday: 4, open: "09:00", close: "18:00" },
        { weekday: 5, open: "09:00", close: "16:30" },
        { weekday: 0, open: "11:00", close: "17:00" },
      ],
      holidays: ["2026-11-26", "2026-12-25"],
      brandColor: "#8A3B12",
    });
    expect(screen.getByText(/Last saved .* by Robin\./)).toBeInTheDocument();
  });

  it("shows each error the API names beside its field, and moves focus to the first", async () => {
    routes((body) =>
      json(
        {
          error: {
            code: "bad_request:validation",
            message: "timeZone: Enter an IANA time zone, like America/New_York or Europe/Madrid. (and 3 more)",
            requestId: "req-1",
            fields: [
              { field: "timeZone", message: "Enter an IANA time zone, like America/New_York or Europe/Madrid." },
              // The second open day sent: Tuesday.
              { field: "hours.1.close", message: "Closing time must be after the opening time." },
              { field: "brandColor", message: "Brand color must be a hex color like #1d5c47." },
              { field: "supportEmail", message: "Enter an email address like support@yourstore.com." },
            ],
          },
        },
        { status: body ? 400 : 500 },
      ),
    );
    const user = renderSettings();
    const zone = await screen.findByLabelText("Time zone");
    await user.clear(zone);
    await user.type(zone, "Mars/Base");
    await user.click(screen.getByRole("button", { name: "Save settings" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("The settings were not saved: 4 fields need fixing.");
    expect(zone).toHaveAttribute("aria-invalid", "true");
    expect(zone).toHaveAccessibleDescription(
      "Enter an IANA time zone, like America/New_York or Europe/Madrid. An IANA name, like America/New_York or Europe/Madrid.",
    );
    // The first field on the page that needs fixing: the brand color, in "The store".
    await waitFor(() => expect(screen.getByLabelText("Brand color")).toHaveFocus());
    expect(screen.getByLabelText("Tuesday closes at")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Tuesday closes at")).toHaveAccessibleDescription("Closing time must be after the opening time.");
    expect(screen.getByLabelText("Monday closes at")).toHaveAttribute("aria-invalid", "false");
    expect(screen.getByLabelText("Brand color")).toHaveAccessibleDescription(expect.stringContaining("Brand color must be a hex color like #1d5c47."));
    expect(screen.getByLabelText("Support email")).toHaveAccessibleDescription("Enter an email address like support@yourstore.com.");
    expect(screen.getByLabelText("Store name")).toHaveAttribute("aria-invalid", "false");
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("says why a save failed when no field is to blame (an agent's 403, the API down)", async () => {
    routes(() => apiError(403, "forbidden:owner_only", "Only an owner can change the store's settings."));
    const user = renderSettings();
    await user.click(await screen.findByRole("button", { name: "Save settings" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Only an owner can change the store's settings.");
  });

  it("shows an agent the settings read-only, with no Save", async () => {
    routes();
    renderSettings(AGENT);
    expect(await screen.findByLabelText("Store name")).toBeDisabled();
    expect(screen.getByRole("note")).toHaveTextContent("Only an owner can change these settings.");
    expect(screen.getByLabelText("Monday opens at")).toBeDisabled();
    expect(screen.getByRole("checkbox", { name: "Closed on Sunday" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Remove 2026-12-25" })).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Save settings" })).toBeNull();
  });

  it("offers Retry when the settings cannot be loaded", async () => {
    let calls = 0;
    mockFetch([
      { path: /\/api\/staff\/events$/, handle: () => silentStream() },
      {
        path: /\/api\/staff\/store-profile$/,
        handle: () => (++calls === 1 ? apiError(503, "unavailable:database", "The service cannot reach its database right now.") : json(LOADED)),
      },
    ]);
    const user = renderSettings();
    expect(await screen.findByRole("alert")).toHaveTextContent("The service cannot reach its database right now.");
    await user.click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByLabelText("Store name")).toHaveValue("Harbor & Pine");
  });
});

describe("the settings form's values", () => {
  it("turns the hours into seven rows and back, a closed day keeping no hours", () => {
    const form = toForm(PROFILE);
    expect(form.days.map((d) => [d.weekday, d.closed])).toEqual([
      [1, false], [2, false], [3, false], [4, false], [5, false], [6, false], [0, true],
    ]);
    expect(fromForm(form)).toEqual(PROFILE);
  });

  it("puts the API's errors on the rows they are about", () => {
    const sent = { ...PROFILE, hours: [{ weekday: 3, open: "09:00", close: "08:00" }], holidays: ["2026-12-25", "2026-13-01"] };
    expect(
      errorsByField(sent, [
        { field: "hours.0.close", message: "after" },
        { field: "hours.0.open", message: "format" },
        { field: "holidays.1", message: "date" },
        { field: "name", message: "name" },
        { field: "name", message: "second" },
      ]),
    ).toEqual({ "days.3.close": "after", "days.3.open": "format", "holidays.2026-13-01": "date", name: "name" });
  });
});
