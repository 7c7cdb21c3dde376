import { describe, expect, it } from 'vitest';
import { median, roundOrder, summarize } from './stats';

describe('median / summarize', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('summarizes median, min, max and count without reordering the input', () => {
    const values = [9, 2, 7];
    expect(summarize(values)).toEqual({ median: 7, min: 2, max: 9, n: 3 });
    expect(values).toEqual([9, 2, 7]);
  });
});

describe('roundOrder', () => {
  it('visits every item once per round, in a different order each round', () => {
    const items = ['a', 'b', 'c', 'd'];
    const orders = [0, 1, 2, 3].map((round) => roundOrder(items, round));
    for (const order of orders) expect([...order].sort()).toEqual(items);
    expect(orders[0]).toEqual(['a', 'b', 'c', 'd']);
    expect(orders[1]).toEqual(['b', 'a', 'd', 'c']);
    expect(orders[2]).toEqual(['c', 'd', 'a', 'b']);
    expect(orders[3]).toEqual(['d', 'c', 'b', 'a']);
    // Each item goes first once in n rounds (also for 9 targets over 5 rounds: all different).
    expect(orders.map((order) => order[0])).toEqual(['a', 'b', 'c', 'd']);
    const nine = [...'abcdefghi'];
    const firsts = [0, 1, 2, 3, 4].map((round) => roundOrder(nine, round)[0]);
    expect(new Set(firsts).size).toBe(5);
  });
});
