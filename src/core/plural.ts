// A count and its noun, singular or plural: "1 partition", "6 partitions".
export const counted = (n: number, noun: string, plural = `${noun}s`): string => `${n} ${n === 1 ? noun : plural}`;
