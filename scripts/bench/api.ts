import autocannon from "autocannon";

export interface ApiResult {
  path: string;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** autocannon against one endpoint of a running backend: throughput and latency percentiles. */
export async function measureEndpoint(
  baseUrl: string,
  path: string,
  seconds: number,
  connections = 10,
  headers: Record<string, string> = {},
  /** A run of exactly this many requests, each with its own headers (a one-time token), instead of `seconds`. */
  each?: { amount: number; headers: (i: number) => Record<string, string> },
): Promise<ApiResult> {
  let sent = 0;
  const result = await autocannon({
    url: `${baseUrl}${path}`,
    connections,
    headers,
    ...(each
      ? {
          amount: each.amount,
          requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, headers: { ...req.headers, ...each.headers(sent++) } }) }],
        }
      : { duration: seconds }),
  });
  return {
    path,
    seconds: each ? result.duration : seconds,
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}
