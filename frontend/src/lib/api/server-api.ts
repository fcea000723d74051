import "server-only";

/** Where the web app's server finds the API: inside the deployment it may have a private address (API_URL). */
export function serverApiBase(): string {
  return (process.env.API_URL ?? process.env.NEXT_PUBLIC_API_URL ?? "http://localhost:3001").replace(/\/+$/, "");
}
