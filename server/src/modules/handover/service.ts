import { randomUUID } from 'node:crypto';
import {
  DEFAULT_HANDOVER_ZONES,
  METERS,
  type ConfirmSide,
  type HandoverAddendum,
  type HandoverConfirmBody,
  type HandoverContent,
  type HandoverKind,
  type HandoverPatchBody,
  type HandoverPhoto,
  type HandoverProtocol,
  type PhotoTarget,
} from '@planner/shared';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { MediaService, IncomingFile } from '../media/service.ts';
import * as repo from './repo.ts';

const iso = (v: Date | string) => new Date(v).toISOString();

/** A 400 naming one field (in `fields` too, like the edge validation's answers). */
const badField = (
  key: 'handover.unknownZone' | 'handover.unknownTarget' | 'handover.caretakerRequired' | 'handover.signatureUnknown',
  field: string,
  message: string,
) => new AppError('VALIDATION', key, { field }, [{ path: field, key: 'field.invalidValue', message }]);

/** A fresh protocol: the zones (storefronts define none yet, so the default list), empty meters, keys, defects. */
export function emptyContent(zoneNames: readonly string[] = DEFAULT_HANDOVER_ZONES): HandoverContent {
  return {
    zones: zoneNames.map((name, i) => ({ id: `z${i + 1}`, name, condition: '' })),
    meters: { power: { value: '' }, water: { value: '' }, gas: { value: '' } },
    keys: [],
    defects: [],
  };
}

function photoDto(planId: string, r: repo.PhotoRow): HandoverPhoto {
  const base = `/api/plans/${planId}/attachments/${r.id}/files/`;
  return {
    id: r.id,
    target: r.target,
    targetId: r.target_id,
    state: r.state,
    width: r.width,
    height: r.height,
    placeholder: r.placeholder,
    variants: (r.variants ?? []).map((v) => ({
      name: v.name as HandoverPhoto['variants'][number]['name'],
      contentType: v.contentType,
      width: v.width,
      height: v.height,
      bytes: v.bytes,
      url: base + v.name,
    })),
    uploadedBy: r.uploaded_by,
    createdAt: iso(r.created_at),
  };
}

/** Who asks: the account, and whether it is staff (for the caretaker rule). */
export interface HandoverActor {
  userId: string | null;
  staff: boolean;
}

/**
 * Handover protocols (issue 18). Filled in before the lock; the owner side (the storefront's owner, or
 * staff for a caretaker) and the designer side (the lead) confirm, each once; the second confirmation
 * locks the protocol in the same transaction that records it, so no edit can slip in between. After the
 * commit `changed` tells the plan room and `locked` sends the PDF. Photos go through the media capability
 * (purpose `handover`); a photo whose protocol locked while it was uploading is removed again.
 */
export class HandoverService {
  constructor(
    private readonly db: Database,
    private readonly media: MediaService,
    private readonly changed: (planId: string, kind: HandoverKind, locked: boolean) => void = () => {},
    private readonly locked: (planId: string, kind: HandoverKind) => void = () => {},
  ) {}

  async list(planId: string): Promise<HandoverProtocol[]> {
    return this.assemble(planId, await repo.protocolsOf(this.db, planId));
  }

  async get(planId: string, kind: HandoverKind): Promise<HandoverProtocol> {
    const row = await repo.protocolOf(this.db, planId, kind);
    if (!row) throw new AppError('NOT_FOUND', 'handover.notFound');
    return (await this.assemble(planId, [row]))[0]!;
  }

  private async assemble(planId: string, rows: repo.ProtocolRow[]): Promise<HandoverProtocol[]> {
    const ids = rows.map((r) => r.id);
    const [photos, confirmations, addenda] = await Promise.all([
      repo.photosOf(this.db, ids),
      repo.confirmationsOf(this.db, ids),
      repo.addendaOf(this.db, ids),
    ]);
    return rows.map((r) => ({
      id: r.id,
      planId: r.plan_id,
      kind: r.kind,
      content: r.content,
      photos: photos.filter((p) => p.protocol_id === r.id).map((p) => photoDto(planId, p)),
      confirmations: confirmations
        .filter((c) => c.protocol_id === r.id)
        .map((c) => ({
          side: c.side,
          name: c.typed_name,
          caretaker: c.caretaker,
          userId: c.user_id,
          confirmedAt: iso(c.confirmed_at),
          signatureId: c.signature_id,
        })),
      addenda: addenda
        .filter((a) => a.protocol_id === r.id)
        .map((a) => ({ id: a.id, text: a.body, createdBy: a.created_by, createdAt: iso(a.created_at) })),
      lockedAt: r.locked_at ? iso(r.locked_at) : null,
      updatedAt: iso(r.updated_at),
      pdfUrl: `/api/plans/${planId}/handover/${r.kind}/pdf`,
    }));
  }

  async create(planId: string, kind: HandoverKind, userId: string | null): Promise<HandoverProtocol> {
    const inserted = await repo.insertProtocol(this.db, { id: randomUUID(), planId, kind, content: emptyContent(), userId });
    if (!inserted) throw new AppError('CONFLICT', 'handover.exists');
    this.changed(planId, kind, false);
    return this.get(planId, kind);
  }

  /** The protocol row locked for this transaction; 404 without one, 409 `handover.locked` when `open` and it is locked. */
  private async row(tx: Queryable, planId: string, kind: HandoverKind, open: boolean): Promise<repo.ProtocolRow> {
    const row = await repo.protocolOf(tx, planId, kind, true);
    if (!row) throw new AppError('NOT_FOUND', 'handover.notFound');
    if (open && row.locked_at) throw new AppError('CONFLICT', 'handover.locked');
    return row;
  }

  async update(planId: string, kind: HandoverKind, patch: HandoverPatchBody, userId: string | null): Promise<HandoverProtocol> {
    const orphans = await this.db.transaction(async (tx) => {
      const row = await this.row(tx, planId, kind, true);
      const content: HandoverContent = structuredClone(row.content);
      for (const [i, z] of (patch.zones ?? []).entries()) {
        const zone = content.zones.find((x) => x.id === z.id);
        if (!zone) throw badField('handover.unknownZone', `zones.${i}.id`, 'no zone of the protocol has this id');
        zone.condition = z.condition;
      }
      for (const m of METERS) {
        const reading = patch.meters?.[m];
        if (reading) content.meters[m] = { value: reading.value };
      }
      if (patch.keys) content.keys = patch.keys;
      if (patch.defects) content.defects = patch.defects;
      await repo.updateContent(tx, row.id, content, userId);
      // Photos of a defect taken off the list go with it.
      const kept = new Set(content.defects.map((d) => d.id));
      return (await repo.photosOf(tx, [row.id])).filter((p) => p.target === 'defect' && !kept.has(p.target_id)).map((p) => p.id);
    });
    for (const id of orphans) await this.media.removeHandoverPhoto(planId, id);
    this.changed(planId, kind, false);
    return this.get(planId, kind);
  }

  /** Whether `target`/`targetId` names something of this protocol a photo may belong to. */
  private async targetExists(tx: Queryable, row: repo.ProtocolRow, target: PhotoTarget, targetId: string): Promise<boolean> {
    switch (target) {
      case 'zone':
        return row.content.zones.some((z) => z.id === targetId);
      case 'meter':
        return (METERS as readonly string[]).includes(targetId);
      case 'defect':
        return row.content.defects.some((d) => d.id === targetId);
      case 'signature':
        return targetId === 'owner' || targetId === 'designer';
      case 'addendum':
        return repo.addendumExists(tx, row.id, targetId);
    }
  }

  /**
   * Checks before the bytes are read that a photo may be added: the target exists; an addendum's photo
   * only once locked, every other only before. Returns nothing; throws 404/409/400.
   */
  async checkPhotoTarget(planId: string, kind: HandoverKind, target: PhotoTarget, targetId: string): Promise<void> {
    const row = await repo.protocolOf(this.db, planId, kind);
    if (!row) throw new AppError('NOT_FOUND', 'handover.notFound');
    if (target === 'addendum' && !row.locked_at) throw new AppError('CONFLICT', 'handover.notLocked');
    if (target !== 'addendum' && row.locked_at) throw new AppError('CONFLICT', 'handover.locked');
    if (!(await this.targetExists(this.db, row, target, targetId))) {
      throw badField('handover.unknownTarget', 'targetId', 'nothing of the protocol has this id');
    }
    if (target === 'signature' && (await repo.confirmationsOf(this.db, [row.id])).some((c) => c.side === targetId)) {
      throw new AppError('CONFLICT', 'handover.alreadyConfirmed');
    }
  }

  /** Stores a photo through the media capability and links it, re-checking the lock in the linking transaction. */
  async addPhoto(
    planId: string,
    kind: HandoverKind,
    target: PhotoTarget,
    targetId: string,
    userId: string | null,
    file: IncomingFile,
  ): Promise<HandoverPhoto> {
    await this.checkPhotoTarget(planId, kind, target, targetId);
    const attachment = await this.media.upload(planId, userId, file, 'handover');
    try {
      await this.db.transaction(async (tx) => {
        const row = await this.row(tx, planId, kind, target !== 'addendum');
        if (target === 'addendum' && !row.locked_at) throw new AppError('CONFLICT', 'handover.notLocked');
        await repo.insertPhoto(tx, { id: attachment.id, protocolId: row.id, target, targetId, userId });
        await repo.touch(tx, row.id);
      });
    } catch (err) {
      await this.media.removeHandoverPhoto(planId, attachment.id).catch(() => {});
      throw err;
    }
    this.changed(planId, kind, target === 'addendum');
    const protocol = await this.get(planId, kind);
    const photo = protocol.photos.find((p) => p.id === attachment.id);
    if (!photo) throw new AppError('NOT_FOUND', 'media.notFound');
    return photo;
  }

  async removePhoto(planId: string, kind: HandoverKind, photoId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = await this.row(tx, planId, kind, true);
      const photo = await repo.photoRow(tx, row.id, photoId);
      if (!photo) throw new AppError('NOT_FOUND', 'media.notFound');
      // A drawn signature belongs to the person who signs; nobody else removes it.
      if (photo.target === 'signature') throw new AppError('FORBIDDEN', 'auth.forbidden');
      await repo.touch(tx, row.id);
    });
    await this.media.removeHandoverPhoto(planId, photoId);
    this.changed(planId, kind, false);
  }

  /**
   * Records one side's confirmation (server time). Staff confirming the owner side must mark the typed
   * name as a caretaker's. A signature must be a photo of this protocol with target `signature` and this
   * side. The second side locks the protocol.
   */
  async confirm(planId: string, kind: HandoverKind, body: HandoverConfirmBody, actor: HandoverActor): Promise<HandoverProtocol> {
    const side: ConfirmSide = body.side;
    if (side === 'owner' && actor.staff && body.caretaker !== true) {
      throw badField(
        'handover.caretakerRequired',
        'caretaker',
        'staff confirm the owner side only for a caretaker (caretaker: true)',
      );
    }
    let lockedNow = false;
    await this.db.transaction(async (tx) => {
      const row = await this.row(tx, planId, kind, true);
      if (body.signatureId) {
        const sig = await repo.photoRow(tx, row.id, body.signatureId);
        if (sig?.target !== 'signature' || sig.target_id !== side) {
          throw badField('handover.signatureUnknown', 'signatureId', 'not a signature of this protocol and side');
        }
      }
      const inserted = await repo.insertConfirmation(tx, {
        protocolId: row.id,
        side,
        userId: actor.userId,
        name: body.name,
        caretaker: body.caretaker === true,
        signatureId: body.signatureId ?? null,
      });
      if (!inserted) throw new AppError('CONFLICT', 'handover.alreadyConfirmed');
      const all = await repo.confirmationsOf(tx, [row.id]);
      if (all.length === 2) {
        await repo.lock(tx, row.id);
        lockedNow = true;
      } else {
        await repo.touch(tx, row.id);
      }
    });
    this.changed(planId, kind, lockedNow);
    if (lockedNow) this.locked(planId, kind);
    return this.get(planId, kind);
  }

  async addAddendum(planId: string, kind: HandoverKind, text: string, userId: string | null): Promise<HandoverAddendum> {
    const a = await this.db.transaction(async (tx) => {
      const row = await this.row(tx, planId, kind, false);
      if (!row.locked_at) throw new AppError('CONFLICT', 'handover.notLocked');
      const inserted = await repo.insertAddendum(tx, { id: randomUUID(), protocolId: row.id, body: text, userId });
      await repo.touch(tx, row.id);
      return inserted;
    });
    this.changed(planId, kind, true);
    return { id: a.id, text: a.body, createdBy: a.created_by, createdAt: iso(a.created_at) };
  }
}
