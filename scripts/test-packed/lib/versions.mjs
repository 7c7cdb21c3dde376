import { run } from './exec.mjs';

function compareVersions(a, b) {
  const [coreA, preA] = a.split('-', 2);
  const [coreB, preB] = b.split('-', 2);
  const partsA = coreA.split('.').map(Number);
  const partsB = coreB.split('.').map(Number);
  for (let index = 0; index < 3; index++) {
    const difference = (partsA[index] ?? 0) - (partsB[index] ?? 0);
    if (difference !== 0) return difference;
  }
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return preA < preB ? -1 : 1;
}

/**
 * The lowest and the newest published versions of `name` that satisfy `range`, asked of the
 * registry with plain `npm view` (one look-up per package).
 */
export async function lowestAndNewest(name, range, { cwd, env }) {
  // The registry is reached over a real network: a slow or failed answer is tried again
  // (3 attempts, 120 s each) before the check fails, and the failure says how it ended.
  let result;
  for (let attempt = 1; attempt <= 3; attempt++) {
    result = await run('npm', ['view', `${name}@${range}`, 'version', '--json'], {
      cwd,
      env,
      timeoutMs: 120_000,
    });
    if (result.code === 0) break;
  }
  if (result.code !== 0) {
    const ended = result.timedOut
      ? `timed out after ${result.ms} ms`
      : `exit code ${result.code}, signal ${result.signal}`;
    throw new Error(`npm view ${name}@${range} failed 3 times (${ended}):\n${result.output}`);
  }
  const parsed = JSON.parse(result.output);
  const versions = (Array.isArray(parsed) ? parsed : [parsed]).sort(compareVersions);
  if (versions.length === 0) throw new Error(`no published version of ${name} satisfies ${range}`);
  return { lowest: versions[0], newest: versions[versions.length - 1] };
}
