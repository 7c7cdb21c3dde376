import { expectedText } from './fixtures';
import type { Target } from './targets/target';

/**
 * Streams `model` through `target` and checks that the assembled text is exactly the fixture's
 * (`chunks` content chunks). Returns nothing; throws naming the target and the first difference.
 */
export async function streamAndCheck(target: Target, model: string, chunks: number): Promise<void> {
  const parts: string[] = [];
  await target.stream(model, (text) => {
    parts.push(text);
  });
  assertText(target.id, parts.join(''), expectedText(chunks));
}

/** Throws when `actual` is not `expected`, naming the target and where they differ. */
export function assertText(targetId: string, actual: string, expected: string): void {
  if (actual === expected) return;
  let at = 0;
  while (at < actual.length && actual[at] === expected[at]) at++;
  throw new Error(
    `${targetId}: the assembled text differs from the fixture at character ${at} (got ${actual.length} characters, expected ${expected.length}): ${JSON.stringify(actual.slice(at, at + 40))} vs ${JSON.stringify(expected.slice(at, at + 40))}.`,
  );
}
