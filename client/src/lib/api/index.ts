/** The client's API layer: `request(contract, input)` for every route with a shared contract. */
export { request, routeRef, VALIDATE_RESPONSES, type RequestInput, type RouteRef } from './request';
export { ApiError, isGenericKey } from './errors';
export { setCsrfToken } from './http';
