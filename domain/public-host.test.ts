import { internalHostReason, photoLinkReason } from './public-host';

test('hosts: names on the internet pass; addresses and names inside a network do not', () => {
  expect(['photos.example.org', 'cdn.police.ma', 'A.B.example.com.'].map(internalHostReason)).toEqual([null, null, null]);
  const refused = ['localhost', 'api.localhost', '127.0.0.1', '10.0.0.8', '192.168.1.1', '169.254.169.254', '0x7f000001', '[::1]', '::1', 'nas.local', 'db.internal', 'printer.lan', 'x.home.arpa', 'intranet'];
  expect(refused.filter((h) => internalHostReason(h) === null)).toEqual([]);
});

test('photo links: https on a public host, no credentials', () => {
  expect(photoLinkReason('https://photos.example.org/a.jpg')).toBeNull();
  expect(photoLinkReason('http://photos.example.org/a.jpg')).toBe('must be an https:// address');
  expect(photoLinkReason('https://user:pass@photos.example.org/a.jpg')).toBe('must not carry a user name or password');
  expect(photoLinkReason('https://user@photos.example.org/a.jpg')).toBe('must not carry a user name or password');
  expect(photoLinkReason('https://127.0.0.1/a.jpg')).toBe('host 127.0.0.1 is an IP address, not a host name');
  expect(photoLinkReason('https://[::1]/a.jpg')).toBe('host [::1] is an IPv6 address, not a host name');
  expect(photoLinkReason('https://metadata.internal/a.jpg')).toMatch(/inside a network/);
  expect(photoLinkReason('not a url')).toBe('is not a URL');
});
