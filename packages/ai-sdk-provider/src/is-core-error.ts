import { RoutifyError } from '@routify/core';

/** The `Symbol.for` brand list `@routify/core` puts on its errors (class names, most derived first). */
const BRANDS = Symbol.for('routify.error.brands');

/**
 * Whether `error` is an instance of the `@routify/core` error class `type` (or a subclass),
 * also across two copies of core: `instanceof`, else the class name among the error's brands.
 * (Core's own `X.isInstance()` currently answers for `RoutifyError` whatever `X` is.)
 */
export function isCoreError<T extends Error>(
  error: unknown,
  type: abstract new (...args: never[]) => T,
): error is T {
  if (error instanceof type) return true;
  if (!RoutifyError.isInstance(error)) return false;
  const brands = (error as unknown as { [BRANDS]?: unknown })[BRANDS];
  const name = (type as unknown as { errorName?: unknown }).errorName ?? type.name;
  return Array.isArray(brands) && brands.includes(name);
}
