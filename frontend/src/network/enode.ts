import { dataSlice, getAddress, keccak256 } from "ethers";

// An enode URL, enode://<public key>@<host>:<port>, split into what NodeRegistry.registerNode
// takes and checked as the contract checks it, so a bad URL is refused before anything is signed.

/** As the contract's PUBLIC_KEY_LENGTH. */
const PUBLIC_KEY_BYTES = 64;
const MAX_PORT = 65_535;
const IPV4_PARTS = 4;
const MAX_OCTET = 255;

export interface Enode {
  /** 0x and 128 lowercase hex digits. */
  publicKey: string;
  host: string;
  port: number;
  /** The node's id in the registry: the address of keccak256(publicKey), as the contract derives it. */
  node: string;
}

export type EnodeCheck = { ok: true; value: Enode } | { ok: false; problems: string[] };

/** The node id the registry gives a 64-byte public key (0x-prefixed hex). */
export function nodeIdOf(publicKey: string): string {
  return getAddress(dataSlice(keccak256(publicKey), 12));
}

function keyProblems(key: string): string[] {
  if (key === "") return ["The public key before the @ is missing."];
  if (/^0x/i.test(key)) return ["The public key must not start with 0x: write its 128 hex digits as they are."];
  if (!/^[0-9a-fA-F]*$/.test(key)) return ["The public key may hold only hex digits (0-9, a-f)."];
  if (key.length !== PUBLIC_KEY_BYTES * 2)
    return [`The public key must be ${PUBLIC_KEY_BYTES * 2} hex digits (${PUBLIC_KEY_BYTES} bytes); this one has ${key.length}.`];
  return [];
}

/**
 * As NodeRegistry._validHost: an IPv4 address in dotted decimal, four numbers of at most 255
 * without leading zeros (Besu reads an enode's host as an IP address; one spelling per address).
 */
function hostProblems(host: string): string[] {
  if (host === "") return ["The host after the @ is missing."];
  if (host.startsWith("[")) return ["The host must be an IPv4 address such as 10.0.0.1; IPv6 addresses are not accepted."];
  if (/[a-z]/i.test(host))
    return [`The host must be an IPv4 address such as 10.0.0.1, not “${host}”: Besu reads an enode's host as an IP address, so names are not accepted.`];
  if (/[^0-9.]/.test(host)) return [`The host must be an IPv4 address of digits and dots only, such as 10.0.0.1; “${host}” has other characters.`];
  const parts = host.split(".");
  const problems: string[] = [];
  if (parts.length !== IPV4_PARTS) problems.push(`The host must be four numbers separated by dots, such as 10.0.0.1; “${host}” has ${parts.length}.`);
  if (parts.some((p) => p === "")) problems.push(`The host “${host}” has an empty number between its dots.`);
  const zeros = parts.filter((p) => p.length > 1 && p.startsWith("0"));
  if (zeros.length > 0) problems.push(`Write the host's numbers without leading zeros: ${zeros.map((p) => `“${p}” as “${Number(p)}”`).join(", ")}.`);
  const large = parts.filter((p) => p !== "" && Number(p) > MAX_OCTET);
  if (large.length > 0) problems.push(`Each number of the host must be at most ${MAX_OCTET}; ${large.map((p) => `“${p}”`).join(", ")} is not.`);
  return problems;
}

function portProblems(port: string): string[] {
  if (port === "") return ["The port after the host is missing (host:port)."];
  if (!/^[0-9]+$/.test(port)) return [`The port must be a whole number; “${port}” is not.`];
  const value = Number(port);
  if (value < 1 || value > MAX_PORT) return [`The port must be between 1 and ${MAX_PORT}; got ${port}.`];
  return [];
}

/** Parses an enode URL; every problem found is reported at once, each as a sentence. */
export function parseEnode(raw: string): EnodeCheck {
  const text = raw.trim();
  const form = "An enode URL has the form enode://<128 hex digits>@host:port.";
  if (text === "") return { ok: false, problems: ["The node's enode URL is required."] };
  if (!text.toLowerCase().startsWith("enode://")) return { ok: false, problems: [`It must start with enode://. ${form}`] };
  const rest = text.slice("enode://".length);
  const at = rest.indexOf("@");
  if (at < 0) return { ok: false, problems: [`The @ between the public key and the host is missing. ${form}`] };
  const key = rest.slice(0, at);
  let address = rest.slice(at + 1);
  const problems = keyProblems(key);
  const query = address.indexOf("?");
  if (query >= 0) {
    problems.push(`Remove “${address.slice(query)}”: the registry records only enode://key@host:port.`);
    address = address.slice(0, query);
  }
  const colon = address.lastIndexOf(":");
  if (colon < 0) {
    problems.push(...hostProblems(address), "The port after the host is missing (host:port).");
    return { ok: false, problems };
  }
  const host = address.slice(0, colon);
  const port = address.slice(colon + 1);
  problems.push(...hostProblems(host), ...portProblems(port));
  if (problems.length > 0) return { ok: false, problems };
  const publicKey = `0x${key.toLowerCase()}`;
  return { ok: true, value: { publicKey, host, port: Number(port), node: nodeIdOf(publicKey) } };
}

/** The public key of an enode URL, lowercase without 0x; how nodes and their peers are matched. */
export function enodeKey(url: string): string | undefined {
  const match = /^enode:\/\/([0-9a-fA-F]{128})@/.exec(url.trim());
  return match ? match[1]!.toLowerCase() : undefined;
}
