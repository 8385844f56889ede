/**
 * A plan-shaped Yjs document of a given encoded size, built as a series of modest transactions so it
 * can be uploaded as ordinary update frames (no single frame near any server's size limit).
 */
import * as Y from 'yjs';

export function buildBigDoc(targetBytes: number): { updates: Uint8Array[]; bytes: number } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const layout = doc.getMap<Y.Map<unknown>>('layout');
  const schedule = doc.getMap<Y.Map<unknown>>('schedule');
  const concept = doc.getText('concept');
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const words =
    'Schaufenster Installation Werkstatt Eröffnung Licht Klang Raum Objekt Fläche Besucher Plakat Sockel Vitrine Projektion'.split(
      ' ',
    );
  const sentence = (n: number) => Array.from({ length: n }, () => words[Math.floor(rnd() * words.length)]).join(' ');
  let bytes = 0;
  let i = 0;
  while (bytes < targetBytes) {
    doc.transact(() => {
      for (let k = 0; k < 100; k++, i++) {
        const item = new Y.Map<unknown>();
        layout.set(`item-${i}`, item);
        item.set('kind', 'plinth');
        item.set('x', Math.round(rnd() * 1000));
        item.set('y', Math.round(rnd() * 800));
        item.set('w', 40 + Math.round(rnd() * 100));
        item.set('h', 40 + Math.round(rnd() * 100));
        item.set('label', sentence(6));
        const entry = new Y.Map<unknown>();
        schedule.set(`entry-${i}`, entry);
        entry.set('title', sentence(4));
        entry.set('start', '2026-12-01T10:00:00+01:00');
        entry.set('end', '2026-12-01T18:00:00+01:00');
      }
      concept.insert(Math.floor(rnd() * concept.length), sentence(40) + '\n');
    });
    if (i % 2000 === 0) bytes = Y.encodeStateAsUpdate(doc).length;
  }
  bytes = Y.encodeStateAsUpdate(doc).length;
  doc.destroy();
  return { updates, bytes };
}
