/**
 * What a query or a check refuses, in the domain's words: the thing asked for does not exist, the
 * state does not allow it, the input is invalid, or the caller is not who it must be. The layers
 * below the API throw these and know nothing of HTTP; the API maps each kind to its status.
 */
export type RefusalKind = "notFound" | "conflict" | "invalid" | "unauthenticated";

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
  ) {
    super(message);
    this.name = "Refusal";
  }

  static notFound = (message: string) => new Refusal("notFound", message);
  static conflict = (message: string) => new Refusal("conflict", message);
  static invalid = (message: string) => new Refusal("invalid", message);
  static unauthenticated = (message: string) => new Refusal("unauthenticated", message);
}
