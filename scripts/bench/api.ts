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
): Promise<ApiResult> {
  const result = await autocannon({ url: `${baseUrl}${path}`, duration: seconds, connections, headers });
  return {
    path,
    seconds,
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}
