// What a codec is, and the two ways a schema's encoding can fail: a record that does not fit, and a
// schema that cannot be used.

/** Encodes a record's JSON text; throws a CodecProblem saying why the text does not fit. */
export interface Codec {
  encode(text: string): Buffer;
  /** The schema's record name (Avro's full name, a JSON Schema's title), for the subject strategies. */
  readonly recordName: string | null;
}

/** Why a record does not fit its schema: it is reported failed, and the run goes on. */
export class CodecProblem extends Error {}

/** Why a schema itself cannot be used (it does not parse, or names an unknown type). */
export class SchemaProblem extends Error {}
