import type { HandoverKind, PhotoTarget } from '@planner/shared';

/**
 * The offline photo queue's storage (issue 18): handover photos taken on the phone wait here, in
 * IndexedDB, with the protocol and zone (meter, defect …) they belong to, until they are uploaded. Keys
 * grow with each photo, so reading in key order is the order they were taken. Works without a service
 * worker: the page (already loaded) writes and reads it itself.
 */
export interface QueuedPhoto {
  /** IndexedDB key (auto-increment): the order of taking. */
  key?: number;
  planId: string;
  kind: HandoverKind;
  target: PhotoTarget;
  targetId: string;
  fileName: string;
  blob: Blob;
  takenAt: string;
  /** The server's refusal (status and error body, e.g. 413 `media.fileTooLarge`); null while waiting. */
  failure: { status: number; body: unknown } | null;
}

const DB = 'planner-handover-photos';
const STORE = 'queue';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      const store = req.result.createObjectStore(STORE, { keyPath: 'key', autoIncrement: true });
      store.createIndex('plan', 'planId');
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = fn(tx.objectStore(STORE));
        tx.oncomplete = () => {
          db.close();
          resolve(req.result);
        };
        tx.onerror = () => {
          db.close();
          reject(tx.error);
        };
      }),
  );
}

/** Adds a photo at the end of the queue; returns its key. */
export const enqueuePhoto = (p: Omit<QueuedPhoto, 'key'>) => run('readwrite', (s) => s.add(p)) as Promise<number>;

/** The queued photos of one plan, in the order they were taken. */
export async function queuedPhotos(planId: string): Promise<QueuedPhoto[]> {
  const all = await run('readonly', (s) => s.index('plan').getAll(planId) as IDBRequest<QueuedPhoto[]>);
  return all.sort((a, b) => (a.key ?? 0) - (b.key ?? 0));
}

export const removeQueuedPhoto = (key: number) => run('readwrite', (s) => s.delete(key));

export async function markQueuedPhoto(key: number, failure: QueuedPhoto['failure']): Promise<void> {
  const item = await run('readonly', (s) => s.get(key) as IDBRequest<QueuedPhoto | undefined>);
  if (item) await run('readwrite', (s) => s.put({ ...item, failure }));
}
