/** The city used for a location field when nothing gives one (README, "Tools", tool arguments). */
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

/** A place mentioned in a text, with the span of its mention. */
export interface PlaceMention {
  place: string;
  start: number;
  end: number;
}

const PLACE_AFTER =
  /(?<![\p{L}\p{N}])(?:in|at|near|в|во)\s+(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*)/gu;

/**
 * Every distinct place mentioned in `text`, in order: the capitalized words after `in`, `at`,
 * `near`, `в`, `во` (mention = the preposition and the words), and the known cities named
 * anywhere (mention = the name). Used to call a location tool once per place.
 */
export function findPlaces(text: string): PlaceMention[] {
  const found: PlaceMention[] = [];
  for (const match of text.matchAll(PLACE_AFTER)) {
    if (match[1])
      found.push({ place: match[1], start: match.index, end: match.index + match[0].length });
  }
  for (const city of Object.keys(CITY_ZONES)) {
    const pattern = new RegExp(`(?<![\\p{L}])${city}(?![\\p{L}])`, 'gu');
    for (const match of text.matchAll(pattern)) {
      const inside = found.some((other) => match.index >= other.start && match.index < other.end);
      if (!inside) found.push({ place: city, start: match.index, end: match.index + city.length });
    }
  }
  found.sort((a, b) => a.start - b.start);
  const seen = new Set<string>();
  return found.filter((mention) => !seen.has(mention.place) && seen.add(mention.place));
}

/** A value found in the prompt with its neighbouring words (lower case, letters and digits). */
export interface PromptValue<T> {
  value: T;
  /** The word before the value (skipping `:` and `=`). */
  before: string;
  /** The word after the value. */
  after: string;
}

/** Words that never label a value (`100 to "EUR"`: `to` labels nothing). */
const FUNCTION_WORDS = new Set(
  'a an the to in into for at of on by with from and or is are be was it its this that than as'.split(
    ' ',
  ),
);

function neighbours(text: string, start: number, end: number): { before: string; after: string } {
  const before = /([\p{L}\p{N}_]+)[\s:=]*$/u.exec(text.slice(0, start))?.[1] ?? '';
  const after = /^[\s:=]*([\p{L}\p{N}_]+)/u.exec(text.slice(end))?.[1] ?? '';
  const norm = (word: string) => {
    const lower = word.toLowerCase().replace(/_/g, '');
    return FUNCTION_WORDS.has(lower) ? '' : lower;
  };
  return { before: norm(before), after: norm(after) };
}

const QUOTED = /"([^"]+)"|«([^»]+)»|“([^”]+)”|(?<![\p{L}])'([^']+)'(?![\p{L}])/gu;

/**
 * Numbers written in `text` outside quotes, in order (`-3`, `4.5`, `42`; not the `1` of
 * `SKU-1`), with their neighbouring words.
 */
export function findNumbers(text: string): PromptValue<number>[] {
  const out: PromptValue<number>[] = [];
  const unquoted = text.replace(QUOTED, (quote) => ' '.repeat(quote.length));
  for (const match of unquoted.matchAll(/(?<![\p{L}\p{N}.-])-?\d+(?:\.\d+)?(?![\p{L}\p{N}])/gu)) {
    const start = match.index ?? 0;
    out.push({ value: Number(match[0]), ...neighbours(text, start, start + match[0].length) });
  }
  return out;
}

/** Quoted strings in `text`, in order: "…", '…', «…», “…”, with their neighbouring words. */
export function findQuoted(text: string): PromptValue<string>[] {
  const out: PromptValue<string>[] = [];
  for (const match of text.matchAll(QUOTED)) {
    const value = match[1] ?? match[2] ?? match[3] ?? match[4];
    const start = match.index ?? 0;
    if (value !== undefined)
      out.push({ value, ...neighbours(text, start, start + match[0].length) });
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
