import { describe, expect, it } from 'vitest';
import { MockFaultError } from './mock-fault-error';
import { parseFaultSpec } from './parse-fault-spec';

const errorOf = (text: string): MockFaultError => {
  try {
    parseFaultSpec(text);
  } catch (error) {
    if (error instanceof MockFaultError) return error;
    throw error;
  }
  throw new Error(`parseFaultSpec(${JSON.stringify(text)}) did not throw`);
};

describe('parseFaultSpec', () => {
  it('parses a list of faults with typed parameters and defaults', () => {
    const [crlf, reset] = parseFaultSpec(' CRLF , reset ; after = 3; times=2 ');
    expect(crlf).toMatchObject({ name: 'crlf', group: 'framing', params: {}, text: 'crlf' });
    expect(reset).toMatchObject({
      name: 'reset',
      group: 'outcome',
      params: { after: 3, times: 2 },
      times: 2,
      text: 'reset; after=3; times=2',
      counterKey: 'reset; after=3; times=2',
    });
    expect(parseFaultSpec('stall')[0]?.params).toEqual({ after: 1 });
    expect(parseFaultSpec('drip')[0]?.params).toEqual({ ms: 50 });
  });

  it('reads numeric and string codes, quoted values and keys', () => {
    expect(parseFaultSpec('error-chunk; code=502')[0]?.params.code).toBe(502);
    expect(parseFaultSpec('error-chunk; code=server_error')[0]?.params.code).toBe('server_error');
    const [http] = parseFaultSpec(
      'http-429; retry-after="Wed, 21 Oct 2026 07:28:00 GMT"; message="a; b, \\"c\\""; key=k1',
    );
    expect(http?.params).toEqual({
      'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT',
      message: 'a; b, "c"',
      key: 'k1',
    });
    expect(http?.counterKey).toBe('key:k1');
  });

  it('percent-decodes text values (header values are ASCII) and keeps invalid escapes', () => {
    expect(parseFaultSpec('error-200; message=%D0%9D%D0%B5%D1%82')[0]?.params.message).toBe('Нет');
    expect(parseFaultSpec('error-200; message="100% busy"')[0]?.params.message).toBe('100% busy');
  });

  it('treats an empty list and none as no fault', () => {
    expect(parseFaultSpec('')).toEqual([]);
    expect(parseFaultSpec(' None ')).toEqual([]);
  });

  it.each([
    ['explode', /Unknown fault "explode"\. Known faults: http-<status>, html,/],
    ['http-200', /Unknown fault "http-200"/],
    ['http-600', /Unknown fault "http-600"/],
    [
      'reset; afer=2',
      /Fault "reset" has no parameter "afer"\. Its parameters: after, times, key\./,
    ],
    ['reset; after=-1', /after="-1" is not a non-negative integer/],
    ['reset; after', /parameter "after" needs a value/],
    ['reset; times=0', /times="0" is not an integer ≥ 1/],
    ['http-503; should-retry=no', /should-retry="no" is not true or false/],
    ['http-429; retry-after=soon', /retry-after="soon" is not seconds/],
    ['html; status=200', /status="200" is not an HTTP status from 400 to 599/],
    ['reset, close', /Faults "reset" and "close" each decide how the reply ends/],
    ['crlf, crlf', /Fault "crlf" is given twice/],
    ['crlf, cr', /Faults "crlf" and "cr" each set the line ending; use one\./],
    ['mixed-eol, crlf', /Faults "crlf" and "mixed-eol" each set the line ending/],
    ['no-space, extra-space', /"no-space" and "extra-space" contradict each other/],
    ['fields; ids=some', /ids="some" is not every or first/],
    ['bom, heartbeat', /"bom" and "heartbeat" do not combine/],
    ['heartbeat; ms=0', /ms="0" is not an integer ≥ 1/],
    ['reset; after=1; after=2', /parameter "after" is given twice/],
    ['http-500; message="open', /Unterminated quoted value/],
    [', reset', /Empty fault/],
  ])('rejects %j with a clear error', (text, message) => {
    const error = errorOf(text);
    expect(error.message).toMatch(message);
    expect(error.code).toBe('invalid_mock_fault');
  });
});
