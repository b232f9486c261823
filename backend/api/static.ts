import express, { type Router } from "express";
import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * Serves the built web app at / when its folder exists, with index.html for every other
 * non-API GET (client-side routes). Checked once at startup, hence existsSync.
 */
export function frontendRouter(dist: string): Router | undefined {
  const index = join(dist, "index.html");
  if (!existsSync(index)) return undefined;
  const router = express.Router();
  router.use(express.static(dist, { index: "index.html", fallthrough: true }));
  router.get("/{*path}", (req, res, next) => {
    if (req.path.startsWith("/api/") || req.path === "/api") return next();
    res.sendFile(index);
  });
  return router;
}
