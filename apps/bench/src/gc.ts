import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Runs a full (major) garbage collection; expect 100–400 ms with the peers' modules loaded. */
export function fullGC(): void {
  collect();
}
