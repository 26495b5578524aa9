/** Who counts as staff: listed addresses and whole domains (config `staff`). */
export function staffMatcher(staff: {
  domains: string[];
  addresses: string[];
}): (address: string) => boolean {
  return (address) => {
    const a = address.toLowerCase();
    return staff.addresses.includes(a) || staff.domains.includes(a.split('@')[1] ?? '');
  };
}
