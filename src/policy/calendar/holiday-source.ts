import Holidays from 'date-holidays';

/** Public holidays of one country (and optional region), by local date "YYYY-MM-DD" → English name. */
export interface CountryHolidays {
  nameOn(isoDate: string): string | undefined;
}

const countryNames = new Holidays().getCountries('en');

export function isKnownHolidayCountry(country: string): boolean {
  return Object.hasOwn(countryNames, country);
}

export function holidayRegionsOf(country: string): string[] {
  if (!isKnownHolidayCountry(country)) return [];
  return Object.keys(new Holidays().getStates(country, 'en') ?? {});
}

const sources = new Map<string, CountryHolidays>();

/**
 * Only `public` holidays close a calendar: bank, school, optional and observance days (e.g. the
 * Danish Christmas Eve) are ordinary working days unless a policy lists them explicitly.
 */
export function countryHolidays(country: string, region?: string): CountryHolidays {
  const key = `${country}/${region ?? ''}`;
  const cached = sources.get(key);
  if (cached) return cached;
  const lib =
    region === undefined
      ? new Holidays(country, { languages: ['en'], types: ['public'] })
      : new Holidays(country, region, { languages: ['en'], types: ['public'] });
  const years = new Map<number, Map<string, string>>();
  const source: CountryHolidays = {
    nameOn(isoDate) {
      const year = Number(isoDate.slice(0, 4));
      let byDate = years.get(year);
      if (!byDate) {
        byDate = new Map();
        for (const h of lib.getHolidays(year, 'en')) {
          if (h.type !== 'public') continue;
          const date = h.date.slice(0, 10);
          // Two public holidays on one date: keep both names for the explanation.
          byDate.set(date, byDate.has(date) ? `${byDate.get(date)} / ${h.name}` : h.name);
        }
        years.set(year, byDate);
      }
      return byDate.get(isoDate);
    },
  };
  sources.set(key, source);
  return source;
}
