/**
 * Schematic outlines of Dortmund's creative quarters as [lat, lng] rings, keyed by the quarter's slug.
 * Drawn by hand from public street geography: good enough to place storefronts in their quarter on a
 * map without loading any third-party tiles; not a survey.
 */
export const QUARTER_SHAPES: Record<string, [number, number][]> = {
  // Inside the Wall ring.
  city: [
    [51.5178, 7.4585], [51.5188, 7.4655], [51.5172, 7.4745], [51.5128, 7.4772], [51.5092, 7.4728], [51.5086, 7.4620], [51.5118, 7.4568],
  ],
  // North-east corner of the centre, around Brückstraße.
  brueckviertel: [
    [51.5183, 7.4652], [51.5176, 7.4722], [51.5150, 7.4730], [51.5143, 7.4668], [51.5160, 7.4640],
  ],
  // West of the Wall ring, along Rheinische Straße.
  unionviertel: [
    [51.5152, 7.4370], [51.5160, 7.4480], [51.5128, 7.4572], [51.5098, 7.4560], [51.5085, 7.4440], [51.5110, 7.4360],
  ],
  // North of the main station, up to the port.
  nordstadt: [
    [51.5360, 7.4460], [51.5350, 7.4680], [51.5290, 7.4820], [51.5205, 7.4800], [51.5195, 7.4600], [51.5230, 7.4450],
  ],
  // Around the Phoenix lake.
  hoerde: [
    [51.4930, 7.4920], [51.4935, 7.5150], [51.4880, 7.5230], [51.4790, 7.5190], [51.4780, 7.4990], [51.4840, 7.4890],
  ],
  huckarde: [
    [51.5460, 7.3950], [51.5450, 7.4150], [51.5380, 7.4200], [51.5320, 7.4120], [51.5330, 7.3970], [51.5400, 7.3910],
  ],
  scharnhorst: [
    [51.5530, 7.5300], [51.5520, 7.5560], [51.5450, 7.5620], [51.5380, 7.5540], [51.5390, 7.5320], [51.5460, 7.5250],
  ],
};

/** Where a quarter's name goes relative to its outline (default: above), so small neighbours stay readable. */
export const LABEL_SIDE: Record<string, 'above' | 'below' | 'left' | 'right'> = {
  city: 'below',
  brueckviertel: 'right',
  unionviertel: 'left',
};

/** Web Mercator at zoom 13 in 256-px tiles: x, y in "world pixels" (tiles of that zoom align). */
export const ZOOM = 13;
export function project(lat: number, lng: number): { x: number; y: number } {
  const scale = 256 * 2 ** ZOOM;
  const s = Math.sin((lat * Math.PI) / 180);
  return { x: ((lng + 180) / 360) * scale, y: (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale };
}
