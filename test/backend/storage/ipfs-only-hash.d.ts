// ipfs-only-hash ships no types. It is the independent implementation (an older
// ipfs-unixfs-importer with Kubo's defaults) the CID tests compare the store against.
declare module "ipfs-only-hash" {
  const Hash: {
    of(input: string | Uint8Array | AsyncIterable<Uint8Array>, options?: Record<string, unknown>): Promise<string>;
  };
  export default Hash;
}
