// Hop-by-hop headers belong to one connection and are never forwarded (RFC 9110 §7.6.1): the
// standard ones, and any the Connection header names.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate'];

/** The lower-cased names of the hop-by-hop headers of a message whose Connection header is `connection`. */
export function hopByHopHeaders(connection: string | string[] | undefined): Set<string> {
  const listed = [connection ?? []].flat().flatMap((value) => value.split(','));
  return new Set([...HOP_BY_HOP, ...listed.map((name) => name.trim().toLowerCase()).filter(Boolean)]);
}
