// biome-ignore-all lint/suspicious/noUndeclaredEnvVars: the runner passes the bin's address.
// Run by the runner against `routify-mock --port 0` started from node_modules/.bin.
import checks from './checks.cjs';

const result = await checks.checkServer(process.env.ROUTIFY_BASE_URL);
console.log(
  `routify-mock bin: ${result.models} models; JSON = SSE (${result.events} events); 401, 404`,
);
