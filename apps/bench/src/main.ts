// Placeholder until the benchmarks land (issue 13).
console.error('pnpm bench: the benchmarks are not there yet.');
process.exit(1);
