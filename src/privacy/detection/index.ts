export { detect } from './detect.js';
export { mask, defaultMaskingPolicy } from './mask.js';
export { contextFromPreviousMessages } from './conversation-context.js';
export { DETECTION_THRESHOLD } from './scan-input.js';
export { DetectionInputTooLargeError, MAX_DETECT_INPUT_CHARS } from './limits.js';
export type {
  ConversationContext,
  DetectOptions,
  Detection,
  DetectionLocale,
  EntityType,
  KnownContactData,
  MaskedSpan,
  MaskingAction,
  MaskingPolicy,
  MaskResult,
} from './types.js';
