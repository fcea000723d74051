import { MESSAGE_MAX_CHARS } from "@harbor/contracts/limits";
import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { Composer } from "./composer";

function setup(props: Partial<Parameters<typeof Composer>[0]> = {}) {
  const onSend = vi.fn();
  const onStop = vi.fn();
  render(<Composer busy={false} onSend={onSend} onStop={onStop} {...props} />);
  return { onSend, onStop, box: screen.getByRole("textbox", { name: "Message" }), user: userEvent.setup() };
}

describe("Composer", () => {
  it("sends the trimmed text on Enter and clears the box", async () => {
    const { onSend, box, user } = setup();
    await user.type(box, "  Where is my order?  {Enter}");
    expect(onSend).toHaveBeenCalledWith("Where is my order?");
    expect(box).toHaveValue("");
  });

  it("adds a new line on Shift+Enter instead of sending", async () => {
    const { onSend, box, user } = setup();
    await user.type(box, "line one{Shift>}{Enter}{/Shift}line two");
    expect(onSend).not.toHaveBeenCalled();
    expect(box).toHaveValue("line one\nline two");
  });

  it("disables Send while the message is empty or only spaces", async () => {
    const { onSend, box, user } = setup();
    const send = screen.getByRole("button", { name: "Send" });
    expect(send).toBeDisabled();
    await user.type(box, "   ");
    expect(send).toBeDisabled();
    await user.type(box, "{Enter}");
    expect(onSend).not.toHaveBeenCalled();
    await user.type(box, "hello");
    expect(send).toBeEnabled();
    await user.click(send);
    expect(onSend).toHaveBeenCalledWith("hello");
  });

  it("shows a counter and caps the message at the limit", () => {
    const { box } = setup();
    expect(screen.getByText(`0 / ${MESSAGE_MAX_CHARS.toLocaleString("en-US")}`, { exact: false })).toBeInTheDocument();
    expect(box).toHaveAttribute("maxLength", String(MESSAGE_MAX_CHARS));
    fireEvent.change(box, { target: { value: "a".repeat(MESSAGE_MAX_CHARS) } });
    expect(screen.getByText(/4,000 \/ 4,000/)).toBeInTheDocument();
  });

  it("does not send on Enter while an IME composition is open", () => {
    const { onSend, box } = setup();
    fireEvent.change(box, { target: { value: "にほん" } });
    fireEvent.keyDown(box, { key: "Enter", isComposing: true });
    expect(onSend).not.toHaveBeenCalled();
  });

  it("offers Stop instead of Send while a reply streams", async () => {
    const { onStop, user } = setup({ busy: true });
    expect(screen.queryByRole("button", { name: "Send" })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Stop" }));
    expect(onStop).toHaveBeenCalled();
  });
});
