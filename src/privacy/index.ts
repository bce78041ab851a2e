export { dataKeyFor, destroyDataKey, existingDataKey, subjectRef, type Subject } from './subject-keys.js';
