import type { RequestHandler } from "express";

/** For server-sent events: no-transform keeps proxies from compressing or buffering the stream. */
export const SSE_CACHE_CONTROL = "no-cache, no-transform";

/**
 * Everything under /api but the help center is private: messages, conversations, replies and
 * visitor tokens. `no-store` keeps them out of browser, proxy and CDN caches (RFC 9111 §5.2.2.5).
 * Set before the handler runs, so error responses carry it too; a handler may override it.
 */
export const privateResponses: RequestHandler = (req, res, next) => {
  if (!req.path.startsWith("/help")) res.setHeader("Cache-Control", "no-store");
  next();
};
