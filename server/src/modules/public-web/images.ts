import type { PublicImage } from '@planner/shared';

/**
 * Where event pages get their picture from: the media capability's public images (plugin.ts wires
 * them in). {@link noEventImages} answers that no entry has a picture; the pages then leave out
 * og:image, twitter:image and the JSON-LD image.
 */
export interface PublicEventImages {
  /** The public picture of each plan that has one, by plan id. */
  forPlans(planIds: string[]): Promise<Map<string, PublicImage>>;
}

export const noEventImages: PublicEventImages = {
  forPlans: async () => new Map(),
};
