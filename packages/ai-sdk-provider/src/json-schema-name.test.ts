import { describe, expect, it } from 'vitest';
import { jsonSchemaName } from './json-schema-name';

describe('jsonSchemaName', () => {
  it.each([
    [undefined, 'response'],
    ['', 'response'],
    ['Person', 'Person'],
    ['person-info_2', 'person-info_2'],
    ['person info', 'person_info'],
    ['a.b/c', 'a_b_c'],
    ['Персона', 'response'],
    ['Персона card', 'card'],
    ['a'.repeat(80), 'a'.repeat(64)],
  ])('turns %j into %j', (name, expected) => {
    expect(jsonSchemaName(name)).toBe(expected);
  });
});
