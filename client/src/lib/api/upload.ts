import { apiErrorOf, networkError } from './errors';
import { currentCsrf, newIdempotencyKey } from './http';

/**
 * Uploads one file as `multipart/form-data` (part `file`) with XMLHttpRequest, whose upload events
 * give a progress bar (fetch has none). Sends the session cookie and the CSRF token like every write;
 * resolves with the parsed answer, rejects with the server's {@link ApiError}.
 */
export function uploadWithProgress(url: string, file: File, onProgress: (fraction: number) => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrf-token', currentCsrf());
    xhr.setRequestHeader('idempotency-key', newIdempotencyKey());
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(networkError());
    xhr.onload = () => {
      let data: unknown = xhr.responseText;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(data);
      } else reject(apiErrorOf(xhr.status, xhr.statusText, data));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
