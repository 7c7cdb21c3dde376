// Placeholder until the demo lands (issue 12).
console.error(
  'pnpm demo: the demo is not there yet. It will show core, LangChain and the AI SDK working against Routify.',
);
process.exit(1);
