/** What a key is called when its owner gives no name: they can tell keys apart by date in the list. */
const DEFAULT_NAME = 'Passkey';
const MAX_LENGTH = 100;

/** The owner's label for a key, tidied: control characters out, spaces collapsed, never empty. */
export function passkeyName(input: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const tidy = (input ?? '').replace(/[\u0000-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim();
  return tidy === '' ? DEFAULT_NAME : Array.from(tidy).slice(0, MAX_LENGTH).join('');
}
