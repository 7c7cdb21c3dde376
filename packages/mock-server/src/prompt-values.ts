/** The city used for a location field when nothing gives one (README, "Tool arguments"). */
export const FIXED_CITY = 'Paris';

/** IANA time zones of the cities the mock knows (for time-zone fields). */
const CITY_ZONES: Record<string, string> = {
  Paris: 'Europe/Paris',
  London: 'Europe/London',
  Berlin: 'Europe/Berlin',
  Madrid: 'Europe/Madrid',
  Rome: 'Europe/Rome',
  Moscow: 'Europe/Moscow',
  Tokyo: 'Asia/Tokyo',
  Beijing: 'Asia/Shanghai',
  Dubai: 'Asia/Dubai',
  Sydney: 'Australia/Sydney',
  'New York': 'America/New_York',
  'San Francisco': 'America/Los_Angeles',
  'Los Angeles': 'America/Los_Angeles',
};

/** The IANA zone of a known city, else `UTC`. */
export function zoneOf(city: string | undefined): string {
  return (city && CITY_ZONES[city]) ?? 'UTC';
}

const PLACE =
  /(?:^|[^\p{L}])(?:in|at|for|near|from|to|в|во)\s+(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*)/u;

/**
 * A place named in `text`: the capitalized words after `in`, `at`, `for`, `near`, `from`, `to`
 * (or Russian `в`/`во`), else a known city mentioned anywhere.
 */
export function findPlace(text: string): string | undefined {
  const match = PLACE.exec(text);
  if (match?.[1]) return match[1];
  for (const city of Object.keys(CITY_ZONES)) {
    if (new RegExp(`(?:^|[^\\p{L}])${city}(?:$|[^\\p{L}])`, 'u').test(text)) return city;
  }
  return undefined;
}

/** Numbers written in `text`, in order (`-3`, `4.5`, `42`). */
export function findNumbers(text: string): number[] {
  return (text.match(/(?<![\p{L}\d.])-?\d+(?:\.\d+)?(?![\p{L}\d])/gu) ?? []).map(Number);
}

/** Quoted strings in `text`, in order: "…", '…', «…», “…”. */
export function findQuoted(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]+)"|«([^»]+)»|“([^”]+)”|(?<![\p{L}])'([^']+)'(?![\p{L}])/gu;
  for (const match of text.matchAll(re)) {
    const value = match[1] ?? match[2] ?? match[3] ?? match[4];
    if (value !== undefined) out.push(value);
  }
  return out;
}

/** The first ISO date (`2025-03-01`) in `text`. */
export function findDate(text: string): string | undefined {
  return /\b\d{4}-\d{2}-\d{2}\b/.exec(text)?.[0];
}

/** The first e-mail address in `text`. */
export function findEmail(text: string): string | undefined {
  return /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(text)?.[0];
}

/** The first http(s) URL in `text`. */
export function findUrl(text: string): string | undefined {
  return /https?:\/\/[^\s"'»)]+/.exec(text)?.[0];
}
