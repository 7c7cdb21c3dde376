/**
 * CPU time this process has used, in ms (user + system, all threads: `process.cpuUsage()`).
 * Unlike wall-clock time it does not grow while the process waits to be scheduled, so on a
 * shared machine it tracks what the client itself costs.
 */
export function cpuTimeMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
