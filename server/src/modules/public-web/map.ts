/**
 * The storefront on a small SVG map: the quarter's schematic outline (the same one the city view draws,
 * shared/src/geometry/quarters-geo.ts) and a marker. Drawn on the server, no tiles, no requests elsewhere.
 */
import { QUARTER_SHAPES, project } from '@planner/shared/geometry/quarters-geo';
import { html, type Raw } from './html.ts';

export function placeMap(p: { lat: number; lng: number; quarterSlug: string; label: string }): Raw {
  const marker = project(p.lat, p.lng);
  const outline = (QUARTER_SHAPES[p.quarterSlug] ?? []).map(([lat, lng]) => project(lat, lng));
  const pts = [...outline, marker];
  const xs = pts.map((q) => q.x);
  const ys = pts.map((q) => q.y);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const w = Math.max(...xs) - minX;
  const h = Math.max(...ys) - minY;
  const size = Math.max(w, h, 40);
  const pad = size * 0.12;
  const box = [minX - pad - (size - w) / 2, minY - pad - (size - h) / 2, size + 2 * pad, size + 2 * pad].map((n) => n.toFixed(1));
  const unit = (size + 2 * pad) / 100;
  const r = (n: number) => (n * unit).toFixed(2);
  return html`<svg class="ssr-map" viewBox="${box.join(' ')}" role="img" aria-label="${p.label}" data-testid="event-map">
<rect x="${box[0]}" y="${box[1]}" width="${box[2]}" height="${box[3]}" fill="#eef1f4"/>
${outline.length ? html`<polygon points="${outline.map((q) => `${q.x.toFixed(1)},${q.y.toFixed(1)}`).join(' ')}" fill="rgba(11,92,173,0.1)" stroke="#0b5cad" stroke-width="${r(0.6)}" stroke-linejoin="round"/>` : ''}
<circle cx="${marker.x.toFixed(1)}" cy="${marker.y.toFixed(1)}" r="${r(3)}" fill="#c2410c" stroke="#fff" stroke-width="${r(0.8)}"/>
</svg>`;
}
