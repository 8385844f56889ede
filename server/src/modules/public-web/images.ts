import type { PublicImage } from '@planner/shared';

/**
 * Where event pages get their picture from. The storefront photos capability (modules/media) provides
 * the real one; until it is wired in, {@link noEventImages} answers that no entry has a picture, and the
 * pages leave out og:image, twitter:image and the JSON-LD image.
 */
export interface PublicEventImages {
  /** The public picture of each plan that has one, by plan id. */
  forPlans(planIds: string[]): Promise<Map<string, PublicImage>>;
}

export const noEventImages: PublicEventImages = {
  forPlans: async () => new Map(),
};
