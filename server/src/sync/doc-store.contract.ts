import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import type { DocStore } from './doc-store.ts';
import { mergeStored } from './compaction.ts';

/** The contract every {@link DocStore} passes. `open` returns a store; documents are kept apart by fresh ids. */
export function docStoreContract(name: string, open: () => Promise<DocStore>, opts: { propertyRuns?: number } = {}) {
  const freshId = () => `contract-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

  const textOf = (stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, mergeStored(stored.snapshot, stored.updates));
    return { text: doc.getText('t').toString(), map: doc.getMap('m').toJSON() };
  };

  describe(`DocStore contract: ${name}`, () => {
    it('loads nothing for an unknown document', async () => {
      const store = await open();
      expect(await store.load(freshId())).toEqual({ snapshot: null, updates: [] });
    });

    it('appends updates of several documents in one call and loads each in order', async () => {
      const store = await open();
      const [a, b] = [freshId(), freshId()];
      const docA = new Y.Doc();
      const docB = new Y.Doc();
      const ua: Uint8Array[] = [];
      docA.on('update', (u: Uint8Array) => ua.push(u));
      docA.getText('t').insert(0, 'hallo');
      docA.getText('t').insert(5, ' welt');
      docB.getText('t').insert(0, 'B');
      await store.append([
        { docId: a, update: ua[0] },
        { docId: b, update: Y.encodeStateAsUpdate(docB) },
        { docId: a, update: ua[1] },
      ]);
      const loadedA = await store.load(a);
      expect(loadedA.snapshot).toBeNull();
      expect(loadedA.updates.map((u) => Buffer.from(u).toString('hex'))).toEqual(ua.map((u) => Buffer.from(u).toString('hex')));
      expect(textOf(loadedA).text).toBe('hallo welt');
      expect(textOf(await store.load(b)).text).toBe('B');
    });

    it('compaction replaces the log by one snapshot with the same content; an empty log is not compacted', async () => {
      const store = await open();
      const id = freshId();
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 30; i++) doc.getText('t').insert(i, String(i % 10));
      doc.getText('t').delete(0, 5);
      await store.append(updates.map((update) => ({ docId: id, update })));
      const result = await store.compact(id);
      expect(result).toMatchObject({ compacted: true, merged: 31 });
      const loaded = await store.load(id);
      expect(loaded.updates).toEqual([]);
      expect(loaded.snapshot).not.toBeNull();
      expect(textOf(loaded).text).toBe(doc.getText('t').toString());
      expect((await store.compact(id)).compacted).toBe(false);
      // Appends after a compaction land in the tail.
      doc.getMap('m').set('k', 1);
      await store.append([{ docId: id, update: updates[updates.length - 1] }]);
      const again = await store.load(id);
      expect(again.updates).toHaveLength(1);
      expect(textOf(again)).toEqual({ text: doc.getText('t').toString(), map: { k: 1 } });
    });

    it('keeps rows appended while compactions run, and concurrent compactions lose nothing', async () => {
      const store = await open();
      const id = freshId();
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 50; i++) doc.getMap('m').set(`k${i}`, i);
      await store.append(updates.slice(0, 40).map((update) => ({ docId: id, update })));
      await Promise.all([
        store.compact(id),
        ...updates.slice(40, 45).map((update) => store.append([{ docId: id, update }])),
        store.compact(id),
        ...updates.slice(45).map((update) => store.append([{ docId: id, update }])),
        store.compact(id),
      ]);
      expect(Object.keys(textOf(await store.load(id)).map)).toHaveLength(50);
      await store.compact(id);
      const final = await store.load(id);
      expect(final.updates).toEqual([]);
      expect(Object.keys(textOf(final).map)).toHaveLength(50);
    });

    it('property: random updates with compactions at random points load like applying them all', async () => {
      const store = await open();
      const op = fc.oneof(
        fc.record({ kind: fc.constant('insert' as const), client: fc.nat(2), pos: fc.nat(), text: fc.string({ maxLength: 4 }) }),
        fc.record({ kind: fc.constant('delete' as const), client: fc.nat(2), pos: fc.nat(), len: fc.nat(3) }),
        fc.record({
          kind: fc.constant('set' as const),
          client: fc.nat(2),
          key: fc.constantFrom('a', 'b', 'c'),
          value: fc.integer(),
        }),
        fc.record({ kind: fc.constant('sync' as const), from: fc.nat(2), to: fc.nat(2) }),
        fc.record({ kind: fc.constant('compact' as const) }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), fc.boolean(), async (ops, shuffle) => {
          const id = freshId();
          // Three replicas that exchange state only on 'sync': their updates arrive concurrently.
          const replicas = [0, 1, 2].map(() => new Y.Doc());
          const all: Uint8Array[] = [];
          replicas.forEach((d) => {
            d.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && all.push(u));
          });
          const reference = new Y.Doc();
          let written = 0;
          const flush = async () => {
            const batch = all.slice(written);
            written = all.length;
            // Stored order need not be causal order: shuffling checks that loads do not depend on it.
            if (shuffle) batch.reverse();
            if (batch.length) await store.append(batch.map((update) => ({ docId: id, update })));
          };
          for (const o of ops) {
            if (o.kind === 'insert') {
              const t = replicas[o.client].getText('t');
              t.insert(o.pos % (t.length + 1), o.text);
            } else if (o.kind === 'delete') {
              const t = replicas[o.client].getText('t');
              if (t.length) t.delete(o.pos % t.length, Math.min(o.len, t.length - (o.pos % t.length)));
            } else if (o.kind === 'set') {
              replicas[o.client].getMap('m').set(o.key, o.value);
            } else if (o.kind === 'sync') {
              const sv = Y.encodeStateVector(replicas[o.to]);
              Y.applyUpdate(replicas[o.to], Y.encodeStateAsUpdate(replicas[o.from], sv), 'remote');
            } else {
              await flush();
              await store.compact(id);
            }
          }
          await flush();
          for (const u of all) Y.applyUpdate(reference, u);
          const loaded = await store.load(id);
          const restored = new Y.Doc();
          Y.applyUpdate(restored, mergeStored(loaded.snapshot, loaded.updates));
          expect(restored.getText('t').toString()).toBe(reference.getText('t').toString());
          expect(restored.getMap('m').toJSON()).toEqual(reference.getMap('m').toJSON());
          expect(Buffer.from(Y.encodeStateVector(restored))).toEqual(Buffer.from(Y.encodeStateVector(reference)));
        }),
        { numRuns: opts.propertyRuns ?? 100 },
      );
    }, 60_000);
  });
}
