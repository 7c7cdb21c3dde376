import { describe, expect, it } from 'vitest';
import { pairedOrder } from './paired-order';

const rows = [
  'raw',
  'core',
  'openai',
  'routify-provider',
  'compatible-provider',
  'routify-streamtext',
  'compatible-streamtext',
  'chat-routify',
  'chat-openai',
].map((id) => ({ target: { id } }));

const ids = (round: number): string[] => pairedOrder(rows, round).map((row) => row.target.id);

describe('pairedOrder', () => {
  it('runs every target once per round, each compared pair back to back', () => {
    for (let round = 0; round < 7; round++) {
      const order = ids(round);
      expect([...order].sort()).toEqual(rows.map((row) => row.target.id).sort());
      for (const [a, b] of [
        ['routify-provider', 'compatible-provider'],
        ['routify-streamtext', 'compatible-streamtext'],
        ['chat-routify', 'chat-openai'],
      ]) {
        expect(Math.abs(order.indexOf(a as string) - order.indexOf(b as string))).toBe(1);
      }
      const transport = ['raw', 'core', 'openai']
        .map((id) => order.indexOf(id))
        .sort((x, y) => x - y);
      expect((transport[2] as number) - (transport[0] as number)).toBe(2);
    }
  });

  it('changes which group goes first, and who goes first inside a pair, every round', () => {
    expect(ids(0).slice(0, 3)).toEqual(['raw', 'core', 'openai']);
    expect(ids(1)[0]).toBe('compatible-provider');
    expect(ids(2).slice(0, 2)).toEqual(['routify-streamtext', 'compatible-streamtext']);
    const chatFirst = [0, 1, 2, 3].map((round) => {
      const order = ids(round);
      return order.indexOf('chat-routify') < order.indexOf('chat-openai');
    });
    expect(chatFirst).toEqual([true, false, true, false]);
  });

  it('keeps rows of no group, as groups of one', () => {
    const extra = [...rows, { target: { id: 'other' } }];
    expect(pairedOrder(extra, 0).map((row) => row.target.id)).toContain('other');
  });
});
