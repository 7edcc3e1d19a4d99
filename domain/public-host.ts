/**
 * A host the public internet can name, for photo links (child.photoUrls) and the hosts allowed to
 * serve them (PHOTO_URL_HOSTS). Not a literal address (the hosts are names an operator lists; an IP
 * literal is how a link reaches a loopback or private address), not a name that only resolves inside
 * a network (localhost, .local, .internal, .lan, .home.arpa, .localdomain).
 */
const INTERNAL_SUFFIXES = ['localhost', 'local', 'internal', 'intranet', 'lan', 'home.arpa', 'localdomain', 'corp'];

export function internalHostReason(host: string): string | null {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name.startsWith('[') || name.includes(':')) return 'is an IPv6 address, not a host name';
  if (/^[0-9.]+$/.test(name) || /^0x[0-9a-f]+$/i.test(name)) return 'is an IP address, not a host name';
  const internal = INTERNAL_SUFFIXES.find((suffix) => name === suffix || name.endsWith(`.${suffix}`));
  if (internal) return `names a host inside a network (.${internal}), not one on the internet`;
  if (!name.includes('.')) return 'is not a fully qualified host name';
  return null;
}

/** Why a photo link is refused (https on a public host, no user name or password in it), or null. */
export function photoLinkReason(link: string): string | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:') return 'must be an https:// address';
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  const host = internalHostReason(url.hostname);
  return host ? `host ${url.hostname} ${host}` : null;
}
