/**
 * The demo's duty rota (issue 18): the Klangraum plan gets one shift per occurrence of its opening
 * and opening hours ("Schichten vorschlagen"); the lead designer takes the opening, the opening hours
 * stay uncovered, so the demo shows one uncovered shift and its finding.
 */
import type { FastifyInstance } from 'fastify';

export async function seedDemoRota(app: FastifyInstance, planId: string, lead: string): Promise<void> {
  // The findings read the plan's snapshot; make sure it is there before suggesting shifts.
  await app.checks.snapshot(planId);
  const { result } = await app.rota.suggest(lead, planId);
  const opening = result.created.find((s) => s.label.startsWith('Eröffnung')) ?? result.created[0];
  if (opening) await app.rota.announce(await app.rota.signUp(lead, planId, opening.id));
  app.checks.schedule(planId);
}
