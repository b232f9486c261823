import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { platformEvent, type PlatformEvent } from "../../core/services/gateway.js";

/** A webhook that is not the platform's, or was altered, or is too old (answer 401; do not apply it). */
export class WebhookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookError";
  }
}

/**
 * Verifies a webhook from the platform (Standard Webhooks: webhook-id, webhook-timestamp and
 * webhook-signature headers, HMAC-SHA256 with the service's secret, at most five minutes old)
 * and returns its event. `body` must be the raw body as received.
 */
export function webhookVerifier(secret: string): (body: string, headers: Record<string, string | string[] | undefined>) => PlatformEvent {
  const webhook = new Webhook(secret);
  return (body, headers) => {
    const header = (name: string) => {
      const value = headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    let verified: unknown;
    try {
      verified = webhook.verify(body, {
        "webhook-id": header("webhook-id") ?? "",
        "webhook-timestamp": header("webhook-timestamp") ?? "",
        "webhook-signature": header("webhook-signature") ?? "",
      });
    } catch (err) {
      if (err instanceof WebhookVerificationError) throw new WebhookError(`The webhook is not verified: ${err.message}`);
      throw err;
    }
    const event = platformEvent.safeParse(verified);
    if (!event.success) throw new WebhookError("The webhook's body is not a platform event");
    if (event.data.id !== header("webhook-id")) throw new WebhookError("The webhook's id does not match its body");
    return event.data;
  };
}
