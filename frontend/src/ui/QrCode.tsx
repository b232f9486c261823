import { useMemo } from "react";
import { encode } from "uqr";

/** The dark modules of a QR code as one SVG path of unit squares (row by row, runs merged). */
export function qrPath(text: string): { size: number; path: string } {
  const { size, data } = encode(text, { ecc: "L", border: 2 });
  let path = "";
  data.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      const start = x;
      while (x + 1 < row.length && row[x + 1]) x++;
      path += `M${start} ${y}h${x - start + 1}v1h-${x - start + 1}z`;
    }
  });
  return { size, path };
}

/** `text` as a QR code a phone camera reads off the screen; drawn crisp at any size. */
export function QrCode({ text, label, size = 240 }: { text: string; label: string; size?: number }) {
  const qr = useMemo(() => qrPath(text), [text]);
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${qr.size} ${qr.size}`}
      shapeRendering="crispEdges"
      data-qr-text={text}
    >
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={qr.path} fill="#000" />
    </svg>
  );
}
