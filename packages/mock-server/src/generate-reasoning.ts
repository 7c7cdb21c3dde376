import { quotePrompt } from './generate-text';

/** Sentences of reasoning per `reasoning_effort` (default `medium`). */
export const REASONING_SENTENCES = { low: 1, medium: 2, high: 4, xhigh: 8 } as const;

const FILLER = [
  'I check the request for constraints.',
  'Nothing in it needs clarification.',
  'I keep the answer short and exact.',
  'I double-check names and numbers.',
  'I review the wording once more.',
  'Ready to answer.',
];

/** What the answer will be, for the plan sentence. */
export type ReasoningPlan =
  | { kind: 'tools'; names: string[] }
  | { kind: 'results'; count: number }
  | { kind: 'json' }
  | { kind: 'text' };

function planSentence(plan: ReasoningPlan): string {
  switch (plan.kind) {
    case 'tools':
      return `I will call ${plan.names.join(' and ')}.`;
    case 'results':
      return `The tools returned ${plan.count} result${plan.count === 1 ? '' : 's'}; I will quote them.`;
    case 'json':
      return 'I will answer with JSON that matches the requested format.';
    case 'text':
      return 'I will reply to it.';
  }
}

/**
 * The reasoning of a reasoning model (README, "Reasoning"): the first N of
 * `The user wrote: "P".`, the plan sentence, then fixed sentences, joined by spaces, where N is
 * 1 / 2 / 4 / 8 for `reasoning_effort` low / medium (default) / high / xhigh.
 */
export function generateReasoning(prompt: string, effort: unknown, plan: ReasoningPlan): string {
  const count =
    REASONING_SENTENCES[
      (typeof effort === 'string' ? effort : 'medium') as keyof typeof REASONING_SENTENCES
    ] ?? REASONING_SENTENCES.medium;
  const sentences = [`The user wrote: "${quotePrompt(prompt)}".`, planSentence(plan), ...FILLER];
  return sentences.slice(0, count).join(' ');
}
