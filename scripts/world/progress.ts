/** What one phase of the generation did: the summary's rows. */
export interface PhaseResult {
  phase: string;
  txs: number;
  seconds: number;
  blocks: number;
}

export interface Progress {
  /** Starts a phase of `total` transactions; its tracker prints a line at least every `everyMs`. */
  start(phase: string, total: number): PhaseTracker;
  results: PhaseResult[];
}

export interface PhaseTracker {
  add(done: number, blocks: number): void;
  end(): PhaseResult;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

export function createProgress(say: (line: string) => void, everyMs = 2000): Progress {
  const results: PhaseResult[] = [];
  return {
    results,
    start(phase, total) {
      const started = performance.now();
      let done = 0;
      let blocks = 0;
      const line = () => {
        const seconds = (performance.now() - started) / 1000;
        say(`${phase}: ${fmt(done)}/${fmt(total)} txs, ${fmt(blocks)} blocks, ${seconds.toFixed(1)} s, ${fmt(done / Math.max(seconds, 0.001))} tx/s`);
      };
      // A timer, not only the chunks: a slow chunk (a node under load) still shows the run is alive.
      const timer = setInterval(line, everyMs);
      timer.unref();
      return {
        add(n, b) {
          done += n;
          blocks += b;
        },
        end() {
          clearInterval(timer);
          line();
          const result = { phase, txs: done, seconds: (performance.now() - started) / 1000, blocks };
          results.push(result);
          return result;
        },
      };
    },
  };
}
