/**
 * Where an encrypted value belongs: its table, its field (column) and its record. The binding is
 * the associated data of the ciphertext, so a ciphertext copied into another row, another column
 * or another table no longer decrypts.
 */
export interface FieldBinding {
  readonly table: string;
  readonly field: string;
  readonly recordId: string;
}

export class FieldBindingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldBindingError';
  }
}

/** Bytes per part; generous for table and column names and any record id we make. */
const MAX_PART_BYTES = 1024;
const LENGTH_BYTES = 2;

/** Lone UTF-16 surrogates: UTF-8 encoding turns each into U+FFFD, so two different ids could encode alike. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/**
 * The canonical encoding: `prefix` then, for table, field and record id in that order, a 16-bit
 * big-endian byte length and the UTF-8 bytes. Length prefixes make it unambiguous: ("a|b", "c")
 * and ("a", "b|c") encode differently whatever characters the parts hold. Written into one
 * buffer, because this runs for every encrypted field.
 */
export function encodeBinding(prefix: Buffer, binding: FieldBinding): Buffer {
  const parts = [binding.table, binding.field, binding.recordId];
  const lengths = parts.map((part, index) => checkedPartLength(part, index));
  const encoded = Buffer.allocUnsafe(prefix.length + lengths.reduce((sum, length) => sum + LENGTH_BYTES + length, 0));
  let offset = prefix.copy(encoded, 0);
  for (const [index, part] of parts.entries()) {
    const length = lengths[index] as number;
    offset = encoded.writeUInt16BE(length, offset);
    offset += encoded.write(part, offset, length, 'utf8');
  }
  return encoded;
}

const PART_NAMES = ['table', 'field', 'recordId'] as const;

function checkedPartLength(part: string, index: number): number {
  const name = PART_NAMES[index] ?? 'part';
  // Guard: an empty part would bind the value to "any record" of a table, which is no binding.
  if (typeof part !== 'string' || part === '') throw new FieldBindingError(`The field binding's ${name} is empty.`);
  // Guard: text that does not survive UTF-8 could make two bindings encode the same.
  if (!isWellFormedText(part)) throw new FieldBindingError(`The field binding's ${name} is not well-formed Unicode text.`);
  const length = Buffer.byteLength(part, 'utf8');
  // Guard: the length prefix is 16 bits, and nothing legitimate is this long.
  if (length > MAX_PART_BYTES) throw new FieldBindingError(`The field binding's ${name} is longer than ${MAX_PART_BYTES} bytes.`);
  return length;
}
