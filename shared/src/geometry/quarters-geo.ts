/**
 * Schematic outlines of Dortmund's creative quarters as [lat, lng] rings, keyed by the quarter's slug.
 * Drawn by hand from public street geography: good enough to place storefronts in their quarter on a
 * map without loading any third-party tiles; not a survey.
 */
export const QUARTER_SHAPES: Record<string, [number, number][]> = {
  // Inside the Wall ring.
  city: [
    [51.5178, 7.4585],
    [51.5188, 7.4655],
    [51.5172, 7.4745],
    [51.5128, 7.4772],
    [51.5092, 7.4728],
    [51.5086, 7.462],
    [51.5118, 7.4568],
  ],
  // North-east corner of the centre, around Brückstraße.
  brueckviertel: [
    [51.5183, 7.4652],
    [51.5176, 7.4722],
    [51.515, 7.473],
    [51.5143, 7.4668],
    [51.516, 7.464],
  ],
  // West of the Wall ring, along Rheinische Straße.
  unionviertel: [
    [51.5152, 7.437],
    [51.516, 7.448],
    [51.5128, 7.4572],
    [51.5098, 7.456],
    [51.5085, 7.444],
    [51.511, 7.436],
  ],
  // North of the main station, up to the port.
  nordstadt: [
    [51.536, 7.446],
    [51.535, 7.468],
    [51.529, 7.482],
    [51.5205, 7.48],
    [51.5195, 7.46],
    [51.523, 7.445],
  ],
  // Around the Phoenix lake.
  hoerde: [
    [51.493, 7.492],
    [51.4935, 7.515],
    [51.488, 7.523],
    [51.479, 7.519],
    [51.478, 7.499],
    [51.484, 7.489],
  ],
  huckarde: [
    [51.546, 7.395],
    [51.545, 7.415],
    [51.538, 7.42],
    [51.532, 7.412],
    [51.533, 7.397],
    [51.54, 7.391],
  ],
  scharnhorst: [
    [51.553, 7.53],
    [51.552, 7.556],
    [51.545, 7.562],
    [51.538, 7.554],
    [51.539, 7.532],
    [51.546, 7.525],
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
