import helmet from "helmet";
import type { RequestHandler } from "express";

/**
 * Security headers on every response, API and web app alike. The policy fits the built web app:
 * its scripts and styles are files of its own origin (no inline script; React sets styles through
 * the DOM, which CSP allows), it calls only its own API (connect-src 'self': the wallet talks to
 * the chain, not the page), and its one image is the data: favicon. No framing (clickjacking a
 * signature request), no MIME sniffing, no Referer (URLs name clusters and documents).
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    xContentTypeOptions: true,
  });
}
