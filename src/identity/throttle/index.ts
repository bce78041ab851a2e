export { loginDelay, type LoginAttemptSource, type LoginDelay } from './login-delay.js';
export { recordLoginAttempt, type LoginAttempt } from './record-login-attempt.js';
export { pruneLoginAttempts } from './prune-login-attempts.js';
export { defaultThrottlePolicy, delayAfter, type ThrottlePolicy, type ThrottleRule } from './throttle-policy.js';
export { accountKey, addressKey } from './throttle-keys.js';
