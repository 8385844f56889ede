import { randomUUID } from 'node:crypto';
import type { Database } from '@planner/server';
import { createUser } from '@planner/server/modules/accounts/users';
import { request, tokenFor } from '../../helpers/api.ts';
import { smallPng, uploadFile } from '../../helpers/media.ts';
import type { TestServer } from '../../helpers/server.ts';
import { freshDraftPlan, PASSWORD, type World } from '../accounts/fixtures.ts';

/** A person with names found nowhere else, so that a search of the whole (shared) database finds only them. */
export interface Subject {
  id: string;
  email: string;
  name: string;
  token: string;
  planId: string;
  commentId: string;
  attachmentId: string;
  upload: Buffer;
  /** Their published creative profile, with a portrait. */
  profileSlug: string;
  /** The portrait's stored files: file name (`original.png`, `w320.webp` …) → content. */
  portraitFiles: Map<string, Buffer>;
}

/**
 * A designer with a distinctive name and address and data in every corner: a session and a bearer
 * token, lead designer of a fresh plan, a comment (answered by the plan's designer, who names them), a
 * notification, an invitation sent and one received, an uploaded attachment, activity entries, a
 * published creative profile with a portrait.
 */
export async function richSubject(server: TestServer, world: World, db: Database): Promise<Subject> {
  const tag = randomUUID().slice(0, 8);
  const name = `Zoltán Quixbeeplatz ${tag}`;
  const email = `zoltan.quixbee-${tag}@datenschutz.example`;
  const user = await createUser(db, { email, name, password: PASSWORD, roles: ['designer'] });
  const token = await tokenFor(server, email, PASSWORD);
  const login = await request(server, null, 'POST', '/api/auth/login', { email, password: PASSWORD });
  if (login.status !== 200) throw new Error(`login ${login.status}`);

  const planId = await freshDraftPlan(world, `Plan von ${tag}`);
  await db.query(`insert into plan_members (plan_id, user_id, role, added_by) values ($1, $2, 'designer', $3)`, [
    planId,
    user.id,
    world.userIds.designer,
  ]);
  await db.query('update plans set lead_id = $2 where id = $1', [planId, user.id]);

  const comment = await request(server, token, 'POST', `/api/plans/${planId}/comments`, {
    body: 'Die Trennwand sollte weiter nach links.',
    anchor: { kind: 'plan' },
  });
  if (comment.status !== 201) throw new Error(`comment ${comment.status} ${JSON.stringify(comment.body)}`);
  const commentId: string = comment.body.id;
  const reply = await request(server, world.tokens.designer, 'POST', `/api/plans/${planId}/comments`, {
    body: `Danke, ${name}! Schreib mir an ${email}.`,
    parentId: commentId,
    mentions: [user.id],
  });
  if (reply.status !== 201) throw new Error(`reply ${reply.status} ${JSON.stringify(reply.body)}`);

  // The duty rota (issue 18): a shift they created and are on, offered for a swap, with an external contact they added.
  const shift = await request(server, token, 'POST', `/api/plans/${planId}/rota/shifts`, {
    start: '2031-05-02T12:00:00+02:00',
    end: '2031-05-02T18:00:00+02:00',
    minPeople: 2,
    label: 'Aufsicht Samstag',
  });
  if (shift.status !== 201) throw new Error(`shift ${shift.status} ${JSON.stringify(shift.body)}`);
  const onShift = await request(server, token, 'POST', `/api/plans/${planId}/rota/shifts/${shift.body.id}/signup`, {});
  if (onShift.status !== 200) throw new Error(`signup ${onShift.status} ${JSON.stringify(onShift.body)}`);
  const swap = await request(
    server,
    token,
    'POST',
    `/api/plans/${planId}/rota/assignments/${onShift.body.people[0].assignmentId}/swap`,
    {},
  );
  if (swap.status !== 200) throw new Error(`swap ${swap.status} ${JSON.stringify(swap.body)}`);
  const helper = await request(server, token, 'POST', `/api/plans/${planId}/rota/contacts`, { name: `Helferin ${tag}` });
  if (helper.status !== 201) throw new Error(`contact ${helper.status} ${JSON.stringify(helper.body)}`);
  const assigned = await request(server, token, 'POST', `/api/plans/${planId}/rota/shifts/${shift.body.id}/assignments`, {
    contactId: helper.body.id,
  });
  if (assigned.status !== 200) throw new Error(`assign ${assigned.status} ${JSON.stringify(assigned.body)}`);

  const sent = await request(server, token, 'POST', '/api/invitations', {
    email: `gast-${tag}@datenschutz.example`,
    role: 'designer',
    planId,
  });
  if (sent.status !== 201) throw new Error(`invitation ${sent.status} ${JSON.stringify(sent.body)}`);
  const received = await request(server, world.tokens.staff, 'POST', '/api/invitations', { email, role: 'owner' });
  if (received.status !== 201) throw new Error(`invitation to ${received.status} ${JSON.stringify(received.body)}`);

  // A move-in handover protocol (issue 18) they started and confirmed with their typed name, with an addendum.
  const handover = `/api/plans/${planId}/handover`;
  const steps = [
    await request(server, token, 'POST', handover, { kind: 'einzug' }),
    await request(server, token, 'POST', `${handover}/einzug/confirm`, { side: 'designer', name, agreed: true }),
    await request(server, world.tokens.owner, 'POST', `${handover}/einzug/confirm`, {
      side: 'owner',
      name: 'Olaf Oster',
      agreed: true,
    }),
    await request(server, token, 'POST', `${handover}/einzug/addenda`, { text: `Nachtrag von ${name}` }),
  ];
  const failed = steps.find((r) => r.status >= 300);
  if (failed) throw new Error(`handover ${failed.status} ${JSON.stringify(failed.body)}`);

  // Open calls (issue 16): invited as co-applicant of someone else's application (confirmed, with their
  // account) and invited as external juror of a call, both by their address.
  const callId = `privacy-call-${tag}`;
  await db.query(
    `insert into calls (id, slug, title, deadline, status) values ($1, $1, 'Aufruf Datenschutz', now() + interval '7 days', 'published')`,
    [callId],
  );
  await db.query(`insert into applications (id, call_id, applicant_id, status) values ($1, $2, null, 'draft')`, [
    `${callId}-app`,
    callId,
  ]);
  await db.query(
    `insert into application_members (id, application_id, email, name, user_id, status) values ($1, $2, $3, $4, $5, 'confirmed')`,
    [`${callId}-member`, `${callId}-app`, email, name, user.id],
  );
  await db.query(
    `insert into call_juror_invitations (id, call_id, email, name, token_hash, expires_at) values ($1, $2, $3, $4, $5, now() + interval '7 days')`,
    [`${callId}-juror`, callId, email, name, `hash-${tag}`],
  );

  const upload = await smallPng(40, { r: 10, g: 200, b: 120 });
  const up = await uploadFile(server, token, planId, upload, `skizze-${tag}.png`, 'image/png');
  if (up.status !== 201) throw new Error(`upload ${up.status} ${JSON.stringify(up.body)}`);
  await server.app.media.queue.idle();
  const original = await server.app.media.fileOf(planId, up.body.id, 'original');
  const blob = await server.app.media.openFile(original.variant);
  const chunks: Buffer[] = [];
  for await (const c of blob.body) chunks.push(Buffer.from(c));

  const profile = await request(server, token, 'POST', '/api/profiles', {
    displayName: name,
    disciplines: ['illustration'],
    bio: `Kontakt: ${email}`,
    website: null,
    links: [],
  });
  if (profile.status !== 201) throw new Error(`profile ${profile.status} ${JSON.stringify(profile.body)}`);
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await smallPng(64, { r: 240, g: 180, b: 20 }))]), 'portrait.png');
  const portrait = await fetch(`${server.url}/api/profiles/${profile.body.id}/portrait`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  if (portrait.status !== 200) throw new Error(`portrait ${portrait.status} ${await portrait.text()}`);
  const published = await request(server, token, 'POST', `/api/profiles/${profile.body.id}/publish`, {});
  if (published.status !== 200) throw new Error(`publish ${published.status} ${JSON.stringify(published.body)}`);
  const portraitFiles = new Map<string, Buffer>();
  for (const { key } of await server.app.blobs.list(`profiles/${user.id}/`)) {
    const file = await server.app.blobs.get(key);
    if (!file) throw new Error(`portrait file ${key} missing`);
    const parts: Buffer[] = [];
    for await (const c of file.body) parts.push(Buffer.from(c));
    portraitFiles.set(key.split('/').at(-1)!, Buffer.concat(parts));
  }
  if (!portraitFiles.has('original.png')) throw new Error(`portrait files: ${[...portraitFiles.keys()].join(', ')}`);

  return {
    id: user.id,
    email,
    name,
    token,
    planId,
    commentId,
    attachmentId: up.body.id,
    upload: Buffer.concat(chunks),
    profileSlug: profile.body.slug,
    portraitFiles,
  };
}
