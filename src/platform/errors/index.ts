export { errorCatalogue, type ErrorCode } from './catalogue.js';
export { AppError, errorBody, type ErrorBody, type ErrorDetail } from './app-error.js';
