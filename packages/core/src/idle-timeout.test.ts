import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdleTimeout } from './idle-timeout';

afterEach(() => {
  vi.useRealTimers();
});

describe('IdleTimeout', () => {
  it('fires when one read stays pending for ms', () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    const idle = new IdleTimeout(100, onIdle);
    idle.beginRead();
    vi.advanceTimersByTime(99);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('measures each read from its own start, and not the time between reads', () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    const idle = new IdleTimeout(100, onIdle);
    for (let i = 0; i < 10; i++) {
      idle.beginRead();
      vi.advanceTimersByTime(60);
      idle.endRead();
      vi.advanceTimersByTime(500); // the consumer is busy: does not count
    }
    expect(onIdle).not.toHaveBeenCalled();
    idle.beginRead();
    vi.advanceTimersByTime(60);
    idle.endRead();
    idle.beginRead(); // started at 60 ms into the first timer's window
    vi.advanceTimersByTime(99);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('still fires on time when only setTimeout is faked (Date real)', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const onIdle = vi.fn();
    const idle = new IdleTimeout(100, onIdle);
    idle.beginRead();
    vi.advanceTimersByTime(100);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('stop() cancels it', () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    const idle = new IdleTimeout(100, onIdle);
    idle.beginRead();
    idle.stop();
    vi.advanceTimersByTime(1000);
    expect(onIdle).not.toHaveBeenCalled();
    idle.beginRead();
    vi.advanceTimersByTime(1000);
    expect(onIdle).not.toHaveBeenCalled();
  });

  it('waits beyond the setTimeout limit of 2^31 − 1 ms', () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    const idle = new IdleTimeout(3_000_000_000, onIdle);
    idle.beginRead();
    vi.advanceTimersByTime(2_147_483_647);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(3_000_000_000 - 2_147_483_647);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });
});
