import { mediaRoutes, type Attachment } from '@planner/shared';
import { request } from '$lib/api';
import { realtime } from '$lib/sync/realtime';

/**
 * The plan's image attachments (issue 17), for reference images on layout items: loaded once, again
 * when the plan room says its attachments changed, and while one is still being processed. A layout
 * item's `referenceImage` comes from the shared document and is untrusted: {@link PlanImages.of} gives
 * an image only when the id is a ready image of this plan (the server serves nothing else either).
 */
export class PlanImages {
  items = $state<Attachment[]>([]);
  loading = $state(true);
  error = $state<Error | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly offs: (() => void)[] = [];

  constructor(readonly planId: string) {
    void this.load();
    this.offs.push(
      realtime.on('attachments:changed', (p) => {
        if (p.planId === this.planId) void this.load();
      }),
      realtime.onReconnect(() => void this.load()),
    );
  }

  async load(): Promise<void> {
    try {
      const list = await request(mediaRoutes.list, { params: { planId: this.planId } });
      this.items = list.attachments;
      this.error = null;
    } catch (err) {
      this.error = err as Error;
    } finally {
      this.loading = false;
    }
    if (this.timer) clearTimeout(this.timer);
    if (this.items.some((a) => a.state === 'processing')) this.timer = setTimeout(() => void this.load(), 1500);
  }

  /** Images (and PDF previews) that can be chosen: ready, with a thumbnail. */
  get choosable(): Attachment[] {
    return this.items.filter((a) => a.state === 'ready' && a.variants.some((v) => v.name === 'w320'));
  }

  /** The image for an item's `referenceImage`, or null when it is not (or no longer) a ready image of this plan. */
  of(
    id: string | null | undefined,
  ): { attachment: Attachment; thumb: string; width: number; height: number; full: string } | null {
    if (!id) return null;
    const a = this.choosable.find((x) => x.id === id);
    const thumb = a?.variants.find((v) => v.name === 'w320');
    if (!a || !thumb) return null;
    const full = a.variants.find((v) => v.name === 'w960') ?? thumb;
    return { attachment: a, thumb: thumb.url, width: thumb.width ?? 320, height: thumb.height ?? 240, full: full.url };
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const off of this.offs) off();
  }
}
