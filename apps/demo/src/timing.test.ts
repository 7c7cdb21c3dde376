import { describe, expect, it } from 'vitest';
import { startStopwatch } from './timing';

describe('startStopwatch', () => {
  it('measures the first token once and the total at stop', () => {
    let now = 100;
    const stopwatch = startStopwatch(() => now);
    expect(stopwatch.started).toBe(false);
    now = 112.34;
    stopwatch.firstToken();
    now = 150;
    stopwatch.firstToken();
    now = 300.06;
    expect(stopwatch.started).toBe(true);
    expect(stopwatch.stop()).toEqual({ ttftMs: 12.3, totalMs: 200.1 });
  });

  it('reports no first token when none was marked', () => {
    let now = 0;
    const stopwatch = startStopwatch(() => now);
    now = 5;
    expect(stopwatch.stop()).toEqual({ ttftMs: null, totalMs: 5 });
  });
});
