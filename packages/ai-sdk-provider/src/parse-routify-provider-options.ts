import { InvalidArgumentError, type SharedV4ProviderOptions } from '@ai-sdk/provider';
import {
  type RoutifyProviderOptions,
  routifyProviderOptionsSchema,
} from './routify-provider-options';

/**
 * Reads `providerOptions[providerName]` with the typed schema. Unlike `parseProviderOptions`
 * of `@ai-sdk/provider-utils` (whose message is only "invalid routify provider options"), the
 * error names each bad key and what it accepts, e.g.
 * `invalid providerOptions.routify: reasoningEffort: Invalid option: expected one of "low"|…`.
 *
 * @throws InvalidArgumentError (`argument: 'providerOptions'`, the schema's error as `cause`).
 */
export function parseRoutifyProviderOptions(
  providerOptions: SharedV4ProviderOptions | undefined,
  providerName: string,
): RoutifyProviderOptions | undefined {
  const value = providerOptions?.[providerName];
  if (value == null) return undefined;
  const parsed = routifyProviderOptionsSchema.safeParse(value);
  if (parsed.success) return parsed.data as RoutifyProviderOptions;
  const problems = parsed.error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new InvalidArgumentError({
    argument: 'providerOptions',
    message: `invalid providerOptions.${providerName}: ${problems}`,
    cause: parsed.error,
  });
}
