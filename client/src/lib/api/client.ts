import { send, withQuery, type QueryValues } from './http';

export { ApiError } from './errors';
export { setCsrfToken } from './http';

async function call<T>(method: string, path: string, body?: unknown, query?: QueryValues): Promise<T> {
  return (await send(method, withQuery(path, query), body)).data as T;
}

/**
 * @deprecated Untyped calls by URL string that trust the answer. Use `request(contract, input)` from
 * `$lib/api` once the route has a contract in `shared/src/api/`; removed when the last caller moved.
 */
export const api = {
  get: <T>(path: string, query?: QueryValues) => call<T>('GET', path, undefined, query),
  post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
  delete: <T>(path: string) => call<T>('DELETE', path),
};
