export { encryptField, decryptField, FIELD_OVERHEAD_BYTES, FIELD_V1 } from './field-cipher.js';
export { encodeBinding, FieldBindingError, type FieldBinding } from './field-binding.js';
export { sealForSubject, openForSubject, type SealResult, type OpenResult } from './subject-fields.js';
export { rewrapSubjectKeys, type RewrapReport } from './rewrap-subject-keys.js';
export {
  BLIND_INDEX_SUBJECT,
  BlindIndexInputError,
  createBlindIndex,
  loadBlindIndex,
  normalise as normaliseForBlindIndex,
  type BlindIndex,
  type BlindIndexKind,
} from './blind-index.js';
