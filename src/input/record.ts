// What an input format makes of one record of the input: its key, value and headers as bytes (never
// decoded, so input that is not UTF-8 goes through unchanged), and where the JSON form puts it.

import type { Header } from '../core/transport.js';

export type { Header };

export interface InputRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: Header[] | null;
  /** The partition the record asks for (JSON's `partition`). */
  partition?: number;
  /** CreateTime, ms since the epoch (JSON's `timestamp`). */
  timestamp?: number;
}

/** A record, or why its text is not one (a failed record, not the end of the run). */
export type Parsed = InputRecord | { problem: string };
