/** Splits a name into at most `lines` lines of about `width` characters, ending with … if cut. */
export function wrapLabel(text: string, width = 18, lines = 2): string[] {
  const words = text.trim().split(/\s+/);
  const out: string[] = [];
  let current = "";
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if (candidate.length <= width || !current) {
      current = candidate;
    } else {
      out.push(current);
      current = word;
    }
  }
  if (current) out.push(current);
  if (out.length <= lines && out.every((l) => l.length <= width)) return out;
  const kept = out.slice(0, lines).map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  if (out.length > lines) {
    const last = kept[lines - 1];
    kept[lines - 1] = last.endsWith("…") ? last : `${last.slice(0, width - 1)}…`;
  }
  return kept;
}
