/**
 * Authentication method references (RFC 8176) by the kind of factor each proves. A sign-in is
 * multi-factor when it combines two kinds; `otp` alone (an e-mailed code, a passwordless link) or
 * `pwd` alone is one factor, however strong. Values outside RFC 8176 count for nothing.
 */
const KNOWLEDGE = new Set(['pwd', 'pin', 'kba']);
const POSSESSION = new Set(['otp', 'hwk', 'swk', 'sc', 'sms', 'tel']);
const INHERENCE = new Set(['fpt', 'face', 'iris', 'retina', 'vbm']);

/**
 * Whether an ID token's `amr` claim shows a multi-factor sign-in: the provider says `mfa`
 * outright, or names methods of at least two kinds (`pwd` + `otp`, `pin` + `hwk`, …). Anything
 * that is not a list of strings is no evidence at all.
 */
export function providerReportsMfa(amr: unknown): boolean {
  // Absent or malformed: the provider made no claim Bolwerk could rely on.
  if (!Array.isArray(amr) || !amr.every((method) => typeof method === 'string')) return false;
  const methods = new Set(amr as string[]);
  if (methods.has('mfa')) return true;
  const kinds = [KNOWLEDGE, POSSESSION, INHERENCE].filter((kind) => [...methods].some((method) => kind.has(method)));
  return kinds.length >= 2;
}
