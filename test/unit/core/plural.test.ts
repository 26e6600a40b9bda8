import { describe, expect, it } from 'vitest';
import { counted } from '../../../src/core/plural.js';

describe('counted', () => {
  it('says one in the singular and every other count in the plural', () => {
    expect(counted(1, 'partition')).toBe('1 partition');
    expect([0, 2, 6].map((n) => counted(n, 'partition'))).toEqual(['0 partitions', '2 partitions', '6 partitions']);
    expect(counted(2, 'delivery', 'deliveries')).toBe('2 deliveries');
  });
});
