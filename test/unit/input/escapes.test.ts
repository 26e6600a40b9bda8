import { describe, expect, it } from 'vitest';
import { unescapeSeparator } from '../../../src/input/escapes.js';

describe('unescapeSeparator', () => {
  it.each([
    ['|', '7c'],
    ['\\n', '0a'],
    ['\\r\\n', '0d0a'],
    ['\\t', '09'],
    ['\\0', '00'],
    ['\\\\', '5c'],
    ['\\x1f', '1f'],
    ['a\\xFFb', '61ff62'],
    ['é', 'c3a9'],
  ])('%s is the bytes %s', (text, hex) => {
    expect(unescapeSeparator(text, '--delimiter').toString('hex')).toBe(hex);
  });

  it.each([
    ['', '--delimiter must not be empty'],
    ['\\q', '--delimiter: "\\q" is not an escape (\\n, \\r, \\t, \\0, \\\\ or \\xNN)'],
    ['\\x1', '--delimiter: "\\x" is not an escape (\\n, \\r, \\t, \\0, \\\\ or \\xNN)'],
    ['a\\', '--delimiter: "\\" is not an escape (\\n, \\r, \\t, \\0, \\\\ or \\xNN)'],
  ])('refuses %j in one line', (text, message) => {
    expect(() => unescapeSeparator(text, '--delimiter')).toThrow(message);
  });
});
