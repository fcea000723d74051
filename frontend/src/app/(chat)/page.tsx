// The chat itself is rendered by the (chat) layout; this route only exists so "/" is a new chat.
export default function NewChatPage() {
  return null;
}
