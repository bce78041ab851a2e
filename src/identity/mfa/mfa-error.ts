/** Why an MFA helper refused its input: programming or storage faults, never a wrong code. */
export type MfaErrorCode =
  | 'totp_secret_length'
  | 'totp_uri_issuer'
  | 'totp_uri_account'
  | 'totp_clock'
  | 'totp_last_used_step'
  | 'totp_user_id';

/**
 * Thrown for inputs no caller should send (a secret of the wrong size, an invalid clock). A
 * wrong or replayed code is not an error: `verifyTotp` returns it as a result.
 */
export class MfaError extends Error {
  constructor(
    readonly code: MfaErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MfaError';
  }
}
