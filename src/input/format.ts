// The input formats --format names; the readers are in reader.ts, loaded only by a run with --input.
export const FORMATS = ['lines', 'json', 'raw'] as const;
export type Format = (typeof FORMATS)[number];
