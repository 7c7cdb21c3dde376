/** A V8 CPU profile (`node --cpu-prof` output), the parts read here. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  /** Microseconds, on the monotonic clock (`process.hrtime`). */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A time window on the monotonic clock, in microseconds (`process.hrtime.bigint() / 1000n`). */
export interface ProfileWindow {
  from: number;
  to: number;
}

/** Self time of one function or one package, in ms and as a share of the profile. */
export interface ProfileEntry {
  name: string;
  selfMs: number;
  share: number;
}

/** The top entries of a profile, by function and by package. */
export interface ProfileSummary {
  totalMs: number;
  functions: ProfileEntry[];
  packages: ProfileEntry[];
}

/** Where a script URL lives: `@routify/<pkg>`, an npm package, `node` or a V8 pseudo-frame. */
export function ownerOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : 'V8 builtins';
  if (url.startsWith('node:')) return 'node internals';
  const nodeModules = url.lastIndexOf('node_modules/');
  if (nodeModules !== -1) {
    const rest = url.slice(nodeModules + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const ours = /\/packages\/([^/]+)\//.exec(url);
  if (ours) return `@routify/${ours[1]}`;
  if (url.includes('/apps/bench/')) return 'bench harness';
  return url;
}

function location(url: string, line: number): string {
  const file = url.split('/').pop() ?? url;
  return url === '' ? '' : ` (${file}:${line + 1})`;
}

/**
 * Self time by function and by package, the top `limit` of each; only samples inside `window`
 * count when it is given (so process start-up and module loading are left out).
 */
export function summarizeProfile(
  profile: CpuProfile,
  window?: ProfileWindow,
  limit = 12,
): ProfileSummary {
  const selfByNode = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window !== undefined && (at < window.from || at > window.to)) continue;
    const id = profile.samples[i] as number;
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + delta);
  }
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const self = (selfByNode.get(node.id) ?? 0) / 1000;
    if (self === 0) continue;
    total += self;
    const { functionName, url, lineNumber } = node.callFrame;
    const owner = ownerOf(url, functionName);
    const name = `${owner}: ${functionName || '(anonymous)'}${location(url, lineNumber)}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + self);
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + self);
  }
  const top = (map: Map<string, number>): ProfileEntry[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, selfMs]) => ({ name, selfMs, share: total === 0 ? 0 : selfMs / total }));
  return { totalMs: total, functions: top(byFunction), packages: top(byPackage) };
}
