/** The client's API layer: `request(contract, input)` for every route with a shared contract. */
export { request, VALIDATE_RESPONSES, type RequestInput } from './request';
export { ApiError, isGenericKey } from './errors';
export { setCsrfToken } from './http';
