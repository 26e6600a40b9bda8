import { describe, expect, it } from 'vitest';
import { parseJsonLine } from '../../../src/input/json-format.js';

const parse = (text: string | Buffer) => parseJsonLine(typeof text === 'string' ? Buffer.from(text) : text);
const hex = (x: Buffer | null | undefined) => (x === null || x === undefined ? x : x.toString('hex'));

describe('parseJsonLine', () => {
  it("reads kcat -J's output as it is: payload, flat headers, other fields ignored", () => {
    const line =
      '{"topic":"t","partition":2,"offset":7,"tstype":"create","ts":1700000000000,"broker":1,"headers":["h1","v1","h1",null],"key":"k","payload":"v"}';
    const parsed = parse(line);
    expect(parsed).toMatchObject({ partition: 2, timestamp: undefined });
    if ('problem' in parsed) throw new Error(parsed.problem);
    expect([parsed.key?.toString(), parsed.value?.toString()]).toEqual(['k', 'v']);
    expect(parsed.headers?.map(([n, v]) => [n.toString(), v?.toString() ?? null])).toEqual([
      ['h1', 'v1'],
      ['h1', null],
    ]);
  });

  it('reads our own fields: value, headers as an object (a list repeats a name), timestamp, base64 bytes', () => {
    const parsed = parse(
      '{"key":{"base64":"AP8="},"value":null,"headers":{"a":["1","2"],"b":{"base64":"/w=="}},"timestamp":1795000000000}',
    );
    if ('problem' in parsed) throw new Error(parsed.problem);
    expect(hex(parsed.key)).toBe('00ff');
    expect(parsed.value).toBeNull();
    expect(parsed.timestamp).toBe(1_795_000_000_000);
    expect(parsed.headers?.map(([n, v]) => `${n}=${hex(v)}`)).toEqual(['a=31', 'a=32', 'b=ff']);
  });

  it('is a null key without "key", and a problem without "value" or "payload"', () => {
    expect(parse('{"value":"x"}')).toMatchObject({ key: null });
    expect(parse('{"key":"x"}')).toEqual({ problem: 'no "value" (or kcat\'s "payload")' });
  });

  it('keeps the bytes of a line that is not UTF-8', () => {
    const line = Buffer.concat([
      Buffer.from('{"key":"'),
      Buffer.from([0xff, 0xc3, 0xa9]),
      Buffer.from('","value":"v"}'),
    ]);
    expect(hex((parse(line) as { key: Buffer }).key)).toBe('ffc3a9');
  });

  it('takes any other JSON value of a key or value as its compact JSON text', () => {
    const parsed = parse('{"key": 7, "value": {"n": 1, "tags": ["a", true], "base64": 2}}') as {
      key: Buffer;
      value: Buffer;
    };
    expect(parsed.key.toString()).toBe('7');
    expect(parsed.value.toString()).toBe('{"n":1,"tags":["a",true],"base64":2}');
    expect((parse('{"value": [1, 2]}') as { value: Buffer }).value.toString()).toBe('[1,2]');
  });

  it.each([
    ['not json', /^not JSON: /],
    ['[1,2]', /^not a JSON object$/],
    ['{"value":"v","headers":{"h":1}}', /^header h must be a string, null or \{"base64": "..."\}$/],
    ['{"value":{"base64":"%%%"}}', /^value: "base64" is not base64$/],
    ['{"value":"v","partition":-1}', /^partition must be a whole number/],
    ['{"value":"v","headers":["odd"]}', /pairs$/],
    ['{"value":"v","headers":"h"}', /^headers must be/],
  ])('%s is a problem, not a crash', (line, problem) => {
    const parsed = parse(line);
    expect('problem' in parsed && parsed.problem).toMatch(problem);
  });
});
