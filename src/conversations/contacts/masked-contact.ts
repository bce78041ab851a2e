/**
 * How a contact's details show before anyone reveals them: enough to recognise ("j***@example.nl",
 * "+31 6 *** **678"), not enough to use. Reveal (pii.reveal + step-up + reason) shows the rest.
 */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter((part) => part.length > 0)
    .map((part) => `${[...part][0] ?? ''}***`)
    .join(' ');
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${[...email.slice(0, at)][0] ?? ''}***${email.slice(at)}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 6) return '***';
  return `${phone.trim().startsWith('+') ? '+' : ''}${digits.slice(0, 2)} *** ${digits.slice(-3)}`;
}
