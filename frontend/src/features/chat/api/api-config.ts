// Where the browser finds the chat API. NEXT_PUBLIC_* is inlined at build time.
export const API_BASE_URL = (process.env.NEXT_PUBLIC_API_URL ?? "http://localhost:3001").replace(/\/+$/, "");
