import { render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";

import { es } from "@/lib/i18n/es";
import { I18nProvider } from "@/lib/i18n/i18n-provider";

import type { ChatEntry } from "../state/chat-types";
import { Composer } from "./composer";
import { ConversationStatusPanel } from "./conversation-status-panel";
import { MessageItem } from "./message-item";
import { NoticeItem } from "./notice-item";
import { StarterQuestions } from "./starter-questions";

function inSpanish(node: ReactNode) {
  return render(
    <I18nProvider locale="es" messages={es}>
      {node}
    </I18nProvider>,
  );
}

describe("The chat in Spanish", () => {
  it("labels the composer in Spanish", () => {
    inSpanish(<Composer busy={false} onSend={vi.fn()} onStop={vi.fn()} />);
    const box = screen.getByRole("textbox", { name: "Mensaje" });
    expect(box).toHaveAttribute("placeholder", "Pregunta sobre envíos, devoluciones o un pedido…");
    expect(screen.getByRole("button", { name: "Enviar" })).toBeInTheDocument();
    expect(screen.getByText(/4000/)).toHaveTextContent("0 / 4000 caracteres");
  });

  it("offers a person and words the wait in Spanish", () => {
    inSpanish(
      <>
        <ConversationStatusPanel status="bot" assigneeName={null} store={null} onHandoff={vi.fn()} onAskMore={vi.fn()} />
        <ConversationStatusPanel status="waiting" assigneeName={null} store={null} onHandoff={vi.fn()} onAskMore={vi.fn()} />
      </>,
    );
    expect(screen.getByRole("button", { name: "Hablar con una persona" })).toBeInTheDocument();
    expect(screen.getByTestId("waiting-notice")).toHaveTextContent("Esperando a una persona");
    expect(screen.queryByText(/Talk to a person/)).not.toBeInTheDocument();
  });

  it("fills names into the notices and asks the starter questions in Spanish", () => {
    const onPick = vi.fn();
    inSpanish(
      <>
        <NoticeItem notice={{ kind: "joined", name: "Robin" }} storeName="Harbor & Pine" />
        <StarterQuestions onPick={onPick} />
      </>,
    );
    expect(screen.getByText("Robin de Harbor & Pine se ha unido")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "¿Cómo podemos ayudarte?" })).toBeInTheDocument();
    screen.getByRole("button", { name: "¿Dónde está mi pedido?" }).click();
    expect(onPick).toHaveBeenCalledWith("¿Dónde está mi pedido?");
  });

  it("words a failed send in Spanish from its error code, not the API's English", () => {
    const failed: ChatEntry = {
      key: "local-1",
      id: null,
      role: "user",
      content: "¿Dónde está mi pedido?",
      author: null,
      notice: null,
      createdAt: new Date().toISOString(),
      status: "complete",
      sources: [],
      feedback: null,
      delivery: "failed",
      streaming: false,
      tool: null,
      failure: { code: "rate_limited:daily", message: "You have reached today's message limit.", retryAfterSeconds: null, network: false },
    };
    inSpanish(<MessageItem entry={failed} cooldown={0} onRetry={vi.fn()} onRate={vi.fn()} />);
    expect(screen.getByText(/^No enviado\./)).toHaveTextContent("No enviado. Has alcanzado el límite de mensajes de hoy.");
    expect(screen.getByRole("button", { name: "Reintentar" })).toBeInTheDocument();
    expect(screen.getByRole("article", { name: "Tú" })).toBeInTheDocument();
  });
});
