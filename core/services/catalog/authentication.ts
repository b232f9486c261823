import type { ServiceManifest } from "../manifest.js";

export const authentication: ServiceManifest = {
  manifestVersion: 1,
  id: "authentication",
  repository: "system",
  version: "1.0.0",
  title: "Authentication",
  description: "Sign-In with Ethereum for every participant wallet: a nonce, a signed message, a session token.",
  routes: [
    { method: "GET", path: "/api/auth/nonce", access: "public" },
    { method: "POST", path: "/api/auth/verify", access: "public" },
    { method: "GET", path: "/api/me", access: "signedIn" },
  ],
  tables: ["auth_nonces"],
  events: [],
  notifications: [],
  pages: [{ kind: "page", path: "account", title: "Account" }],
  scopes: [{ id: "auth.sign-in", description: "Sign in with a wallet", holders: ["anyone"] }],
  health: { kind: "index", description: "Answers while the API runs; sessions are stateless tokens" },
};
