/** Block times are stored as unix seconds and answered as ISO 8601. */
export function isoFromUnix(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
