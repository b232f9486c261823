export { callerVerifier, GatewayTokenError, type CallerVerifierOptions } from "./caller.js";
export { PlatformApiError, PlatformClient, type MessageSigner } from "./client.js";
export { createService, ServiceError, type Handler, type RunningService, type ServiceOptions, type ServiceRequest } from "./serve.js";
export { webhookVerifier, WebhookError } from "./webhooks.js";
export { gatewayPath, type GatewayCaller, type PlatformEvent, type ServiceView, type ViewSection } from "../../core/services/gateway.js";
export { manifestJsonSchema, parseManifest, type ServiceManifest } from "../../core/services/manifest.js";
