import { useCallback, useEffect, useRef, useState } from "react";
import { useSessionToken } from "../wallet/WalletContext.js";
import { useApiReachability } from "./reachability.js";

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  /** Fetches again, keeping the current data on screen until the new answer arrives. */
  reload: () => void;
}

/**
 * Loads `load()` whenever `key` changes, and again when the session starts or ends (the API
 * client sends the session with every request: what a caller may read depends on it) and when
 * the platform's server answers again after an outage; answers to superseded requests are dropped.
 */
export function useApi<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const token = useSessionToken();
  const { reconnects } = useApiReachability();
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const ticket = ++latest.current;
    setLoading(true);
    loadRef.current().then(
      (value) => {
        if (ticket !== latest.current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (cause: unknown) => {
        if (ticket !== latest.current) return;
        setError(cause instanceof Error ? cause : new Error(String(cause)));
        setLoading(false);
      },
    );
  }, [key, generation, token, reconnects]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}
