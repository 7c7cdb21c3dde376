import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Runs a full garbage collection (twice, so weak callbacks and finalizers settle). */
export function fullGC(): void {
  collect();
  collect();
}
