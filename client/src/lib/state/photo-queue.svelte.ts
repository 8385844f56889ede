import { handoverRoutes, pathOf, type HandoverKind, type PhotoTarget } from '@planner/shared';
import { apiErrorOf } from '$lib/api/errors';
import { currentCsrf, newIdempotencyKey } from '$lib/api/http';
import { enqueuePhoto, markQueuedPhoto, queuedPhotos, removeQueuedPhoto, type QueuedPhoto } from '$lib/sync/photo-queue-db';

/**
 * The offline photo queue of one plan's handover protocols (issue 18). Every photo goes in here first
 * (IndexedDB), then up in the order taken: at once when online, when the browser says it is back online,
 * and when the page loads. A network failure stops the run and keeps everything ("… warten auf
 * Verbindung"); a refusal by the server keeps that photo with its reason and a retry, and the run goes on.
 */
export class PhotoQueue {
  items = $state<QueuedPhoto[]>([]);
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  uploading = $state(false);
  /** Set when IndexedDB is unavailable (private mode of some browsers): photos then go up directly. */
  storageError = $state<string | null>(null);
  #again = false;
  #off: (() => void) | null = null;

  constructor(
    private readonly planId: string,
    /** Called after each uploaded photo (reload the protocol). */
    private readonly uploaded: () => void,
  ) {}

  /** Starts listening for the connection and uploads what waits from earlier visits. */
  start() {
    const up = () => {
      this.online = true;
      void this.flush();
    };
    const down = () => {
      this.online = false;
    };
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    this.#off = () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
    void this.refresh().then(() => this.flush());
  }

  stop() {
    this.#off?.();
  }

  /** Photos waiting (not refused). */
  get waiting(): number {
    return this.items.filter((i) => !i.failure).length;
  }

  async refresh() {
    try {
      this.items = await queuedPhotos(this.planId);
    } catch (e) {
      this.storageError = e instanceof Error ? e.message : String(e);
    }
  }

  async add(kind: HandoverKind, target: PhotoTarget, targetId: string, file: File) {
    await enqueuePhoto({
      planId: this.planId,
      kind,
      target,
      targetId,
      fileName: file.name || 'foto.jpg',
      blob: file,
      takenAt: new Date().toISOString(),
      failure: null,
    });
    await this.refresh();
    void this.flush();
  }

  /** Uploads the waiting photos in order; one run at a time (a call during a run asks for another). */
  async flush(): Promise<void> {
    if (this.uploading) {
      this.#again = true;
      return;
    }
    this.uploading = true;
    try {
      do {
        this.#again = false;
        await this.refresh();
        for (const item of this.items.filter((i) => !i.failure)) {
          const result = await this.send(item);
          if (result === 'offline') {
            this.online = navigator.onLine;
            return;
          }
          if (result === 'done') await removeQueuedPhoto(item.key!);
          else await markQueuedPhoto(item.key!, result);
          await this.refresh();
          if (result === 'done') this.uploaded();
        }
      } while (this.#again);
    } finally {
      this.uploading = false;
    }
  }

  /** The refusal of a photo as an error to show. */
  failureOf(item: QueuedPhoto) {
    return item.failure ? apiErrorOf(item.failure.status, '', item.failure.body) : null;
  }

  /** Tries a refused photo again. */
  async retry(key: number) {
    await markQueuedPhoto(key, null);
    await this.refresh();
    await this.flush();
  }

  /** Drops a refused photo from the queue. */
  async discard(key: number) {
    await removeQueuedPhoto(key);
    await this.refresh();
  }

  private async send(item: QueuedPhoto): Promise<'done' | 'offline' | { status: number; body: unknown }> {
    const url = `${pathOf(handoverRoutes.uploadPhoto, { planId: item.planId, kind: item.kind })}?target=${encodeURIComponent(
      item.target,
    )}&targetId=${encodeURIComponent(item.targetId)}`;
    const form = new FormData();
    form.append('file', item.blob, item.fileName);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'x-csrf-token': currentCsrf(), 'idempotency-key': newIdempotencyKey() },
        body: form,
      });
    } catch {
      return 'offline';
    }
    if (res.ok) return 'done';
    // The server answers but cannot take it now (restarting, database down): wait like offline.
    if (res.status === 503 || res.status === 502 || res.status === 504) return 'offline';
    let data: unknown = null;
    try {
      data = await res.json();
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: data };
  }
}
