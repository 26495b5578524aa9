/** Who counts as staff: listed addresses and whole domains (config `staff`). */
export function staffMatcher(staff: {
  domains: string[];
  addresses: string[];
}): (address: string) => boolean {
  // Addresses and domains are case-insensitive (RFC 5321 local parts may not be, but no mail
  // system in use treats Engineer@ and engineer@ as different people).
  const addresses = new Set(staff.addresses.map((a) => a.toLowerCase()));
  const domains = new Set(staff.domains.map((d) => d.toLowerCase()));
  return (address) => {
    const a = address.toLowerCase();
    return addresses.has(a) || domains.has(a.split('@')[1] ?? '');
  };
}
