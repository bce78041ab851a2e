export {
  checkPassword,
  strengthFor,
  MINIMUM_STRENGTH,
  type PasswordContext,
  type PasswordProblem,
  type PasswordVerdict,
} from './password-policy.js';
export { dummyVerify, hashPassword, needsRehash, verifyPassword, PASSWORD_HASH_PARAMETERS } from './password-hash.js';
export { MAXIMUM_PASSWORD_CODE_POINTS, MINIMUM_PASSWORD_CODE_POINTS } from './password-text.js';
export { CONTEXT_SPECIFIC_WORDS } from './personal-words.js';
export type { PasswordStrength, StrengthEstimate, StrengthFeedback, StrengthRemark } from './strength.js';
