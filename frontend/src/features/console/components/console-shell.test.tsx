import type { Staff } from "@harbor/contracts";
import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { json, mockFetch, silentStream } from "../../../../test/fetch-mock";
import { ConsoleShell } from "./console-shell";

vi.mock("next/navigation", () => ({ useRouter: () => ({ replace: vi.fn(), push: vi.fn() }), usePathname: () => "/console" }));

const staff = (role: Staff["role"]): Staff => ({ id: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", email: "robin@example.com", name: "Robin", role });

function signedInAs(role: Staff["role"]) {
  mockFetch([
    { path: /^\/api\/staff\/me$/, handle: () => json({ staff: staff(role) }) },
    { path: /^\/api\/staff\/events$/, handle: () => silentStream() },
  ]);
  render(<ConsoleShell>inbox</ConsoleShell>);
}

describe("the console header", () => {
  it("links owners to the insights", async () => {
    signedInAs("owner");
    expect(await screen.findByRole("link", { name: "Insights" })).toHaveAttribute("href", "/console/insights");
  });

  it("has no insights link for agents", async () => {
    signedInAs("agent");
    await screen.findByText("Robin");
    expect(screen.queryByRole("link", { name: "Insights" })).toBeNull();
  });
});
