/** Two overlapping sheets: drawn, since a copy glyph is missing from many system fonts. */
export function CopyIcon() {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false" className="copy-icon">
      <rect x="3.5" y="0.5" width="8" height="8" rx="1.5" fill="none" stroke="currentColor" />
      <path d="M2.5 3.5h-1a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h6a1 1 0 0 0 1-1v-1" fill="none" stroke="currentColor" />
    </svg>
  );
}
