/** A valid storefront body: an L-shaped shop of 8 × 6 m with a 2 × 2 m notch, one door. */
export function storefrontBody(quarterId: string, overrides: Record<string, unknown> = {}) {
  return {
    quarterId,
    title: `Ladenlokal ${Math.random().toString(36).slice(2, 7)}`,
    address: 'Rheinische Straße 12, 44137 Dortmund',
    lat: 51.5125,
    lng: 7.4557,
    areaM2: 44,
    frontageCm: 600,
    windowWidthCm: 450,
    outline: [
      { x: 0, y: 0 },
      { x: 800, y: 0 },
      { x: 800, y: 600 },
      { x: 200, y: 600 },
      { x: 200, y: 400 },
      { x: 0, y: 400 },
    ],
    doors: [{ x: 350, y: 0, width: 100, main: true }],
    availability: [{ start: '2027-03-01T00:00:00+01:00', end: '2027-04-30T23:59:00+02:00' }],
    houseRules: ['Nicht bohren', 'Keine Folie an den Scheiben'],
    maxOccupancy: 40,
    ...overrides,
  };
}
