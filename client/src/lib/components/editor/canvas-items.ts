import { LAYOUT_KIND_INFO, LAYOUT_KIND_NAMES, type LayoutItem } from '@planner/shared';
import type { Lang } from '$lib/i18n/lang';
import { centre } from './geometry';

const SVG = 'http://www.w3.org/2000/svg';
const FLAG_COLOUR = { error: '#b3261e', warning: '#8a5300', info: '#0b5cad' } as const;
export type Flag = keyof typeof FLAG_COLOUR;

/** What an item's drawing depends on besides the item itself. */
interface Drawn {
  el: SVGGElement;
  item: LayoutItem;
  u: number;
  flag: Flag | undefined;
  selected: boolean;
  lang: Lang;
  /** The render in which the item was last in the list (stale ones are removed). */
  seen: number;
}

/** An item's rotation as an SVG transform, none at 0° (every transform is a paint property node in Chromium). */
export function turn(i: LayoutItem): string | undefined {
  if (!i.rotation) return undefined;
  const c = centre(i);
  return `rotate(${i.rotation} ${c.x} ${c.y})`;
}

function fill(i: LayoutItem): string {
  if (i.kind === 'keep-clear') return 'url(#kq-hatch)';
  return LAYOUT_KIND_INFO[i.kind].solid ? '#dfe6ee' : '#fff6d6';
}

function attr(el: Element, name: string, value: string | number | undefined) {
  if (value === undefined) el.removeAttribute(name);
  else el.setAttribute(name, String(value));
}

/**
 * The canvas's layout items, drawn without a component, effect or listener per item (issue 19: 500
 * items' keyed `{#each}` with its effects was the largest part of the editor's first render under 4×
 * CPU throttling). One `render` per change of the list or the view: an item's element is (re)drawn only
 * when the item (a new object on every change, see PlanDoc), its finding, its selection, the screen unit
 * or the language changed; a drag redraws the dragged item alone. Each item is a `<g class="item">`
 * with `data-item-id` and `data-kind`, a `<title>` (its name, for screen readers and the tooltip), its
 * `<rect>` and, when there is room, its name as text. Pointer input is the canvas's (delegated).
 */
export class CanvasItems {
  #drawn = new Map<string, Drawn>();
  #pass = 0;
  #proto: SVGGElement;

  constructor(readonly layer: SVGGElement) {
    const doc = layer.ownerDocument;
    this.#proto = doc.createElementNS(SVG, 'g');
    this.#proto.append(doc.createElementNS(SVG, 'title'), doc.createElementNS(SVG, 'rect'));
  }

  render(items: readonly LayoutItem[], flagged: ReadonlyMap<string, Flag>, selected: ReadonlySet<string>, u: number, lang: Lang) {
    const pass = ++this.#pass;
    let prev: ChildNode | null = null;
    for (const item of items) {
      const flag = flagged.get(item.id);
      const sel = selected.has(item.id);
      let d = this.#drawn.get(item.id);
      if (!d) {
        d = { el: this.#proto.cloneNode(true) as SVGGElement, item, u, flag, selected: sel, lang, seen: pass };
        this.#drawn.set(item.id, d);
        draw(d);
      } else {
        d.seen = pass;
        if (d.item !== item || d.u !== u || d.flag !== flag || d.selected !== sel || d.lang !== lang) {
          Object.assign(d, { item, u, flag, selected: sel, lang });
          draw(d);
        }
      }
      // In layer order: move the element only when it is not already where it belongs.
      const want: ChildNode | null = prev ? prev.nextSibling : this.layer.firstChild;
      if (want !== d.el) this.layer.insertBefore(d.el, want);
      prev = d.el;
    }
    if (this.#drawn.size > items.length) {
      for (const [id, d] of this.#drawn)
        if (d.seen !== pass) {
          d.el.remove();
          this.#drawn.delete(id);
        }
    }
  }

  destroy() {
    for (const d of this.#drawn.values()) d.el.remove();
    this.#drawn.clear();
  }
}

function draw(d: Drawn) {
  const { el, item, u, flag, lang } = d;
  const name = item.label || LAYOUT_KIND_NAMES[item.kind][lang];
  el.setAttribute('class', `item${item.locked ? ' locked' : ''}${d.selected ? ' selected' : ''}`);
  el.setAttribute('data-item-id', item.id);
  el.setAttribute('data-kind', item.kind);
  attr(el, 'transform', turn(item));
  const title = el.firstChild as SVGTitleElement;
  if (title.textContent !== name) title.textContent = name;
  const rect = title.nextSibling as SVGRectElement;
  attr(rect, 'x', item.x);
  attr(rect, 'y', item.y);
  attr(rect, 'width', item.w);
  attr(rect, 'height', item.h);
  attr(rect, 'fill', fill(item));
  attr(rect, 'stroke', flag ? FLAG_COLOUR[flag] : '#4d5560');
  attr(rect, 'stroke-width', u * (flag ? 0.35 : 0.15));
  attr(rect, 'stroke-dasharray', flag === 'warning' ? `${u} ${u * 0.6}` : undefined);
  // The name on the item, when it fits.
  let text = rect.nextSibling as SVGTextElement | null;
  if (item.w > u * 4 && item.h > u * 1.6) {
    if (!text) {
      text = el.ownerDocument.createElementNS(SVG, 'text');
      text.setAttribute('text-anchor', 'middle');
      text.setAttribute('dominant-baseline', 'central');
      text.setAttribute('pointer-events', 'none');
      text.setAttribute('fill', '#1b1f24');
      el.append(text);
    }
    const c = centre(item);
    attr(text, 'x', c.x);
    attr(text, 'y', c.y);
    attr(text, 'font-size', Math.min(u * 1.5, item.h * 0.6));
    if (text.textContent !== name) text.textContent = name;
  } else text?.remove();
}
