import { useEffect } from "react";

const APP = "Cluster Platform";

/** Names the browser tab after the page (what a person sees in tabs, history and bookmarks). */
export function usePageTitle(...parts: (string | undefined)[]): void {
  const title = [...parts.filter((p): p is string => Boolean(p)), APP].join(" · ");
  useEffect(() => {
    document.title = title;
  }, [title]);
}
