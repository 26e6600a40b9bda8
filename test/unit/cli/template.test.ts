import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../src/cli/template.js';

describe('compileTemplate', () => {
  it("renders the walk-through's defaults", () => {
    expect(compileTemplate('--key', '{n}')(7)).toBe('7');
    expect(compileTemplate('--value', 'hello world: {n}')(7)).toBe('hello world: 7');
  });

  it('fills {n} and {ts} wherever they stand, and leaves other text alone', () => {
    const before = Date.now();
    const [id, n, ts] = compileTemplate('--value', 'id-{n}/{n}@{ts}')(3).split(/[/@]/);
    expect([id, n]).toEqual(['id-3', '3']);
    expect(Number(ts)).toBeGreaterThanOrEqual(before);
    expect(compileTemplate('--value', '{"json": true}')(1)).toBe('{"json": true}');
  });

  it('refuses an unknown placeholder', () => {
    expect(() => compileTemplate('--key', 'k-{id}')).toThrow('--key: unknown placeholder {id} (use {n} or {ts})');
  });
});
