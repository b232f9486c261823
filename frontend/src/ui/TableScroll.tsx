import type { ReactNode } from "react";

/**
 * A table that scrolls sideways inside its card when the screen is narrower than its columns,
 * instead of making the whole page wider. The region is focusable and named, so a keyboard
 * user can scroll it with the arrow keys and a screen reader announces what it holds.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
