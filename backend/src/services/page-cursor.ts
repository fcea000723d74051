// Keyset cursors: the sort key and the id of the last row of a page, opaque to clients.
import { badRequest } from "../errors";

export interface PageCursor {
  key: string;
  id: string;
}

export const encodePageCursor = ({ key, id }: PageCursor) => Buffer.from(JSON.stringify([key, id])).toString("base64url");

export function decodePageCursor(cursor: string): PageCursor {
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof key === "string" && typeof id === "string") return { key, id };
  } catch {
    // reported below
  }
  throw badRequest("cursor", "cursor is not one this API returned");
}
