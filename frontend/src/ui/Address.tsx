export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** An address shown short, complete in its tooltip and selectable as a whole. */
export function Address({ value, full = false }: { value: string; full?: boolean }) {
  return (
    <code className="address" title={value} data-address={value.toLowerCase()}>
      {full ? value : shortAddress(value)}
    </code>
  );
}

export function TxHash({ value }: { value: string }) {
  return (
    <code className="hash" title={value}>
      {value.slice(0, 10)}…
    </code>
  );
}
