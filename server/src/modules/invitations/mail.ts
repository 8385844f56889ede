import type { PlanRole } from '@planner/shared';
import type { MailMessage } from '../../platform/mail/mailer.ts';

const roleNames: Record<PlanRole, { de: string; en: string }> = {
  designer: { de: 'Gestalter:in', en: 'designer' },
  owner: { de: 'Eigentümer:in', en: 'owner' },
  staff: { de: 'Stabsstelle', en: 'staff' },
};

/** The invitation e-mail, German first, English below. */
export function invitationMail(i: { to: string; url: string; inviter: string; role: PlanRole; planTitle: string | null; expiresAt: Date }): MailMessage {
  const role = roleNames[i.role];
  const until = i.expiresAt.toISOString().slice(0, 10);
  const deWhat = i.planTitle ? `zum Plan „${i.planTitle}“ als ${role.de}` : `zum Kreativquartiere-Planer als ${role.de}`;
  const enWhat = i.planTitle ? `to the plan "${i.planTitle}" as ${role.en}` : `to the Kreativquartiere Planner as ${role.en}`;
  return {
    to: i.to,
    subject: 'Einladung zum Kreativquartiere-Planer / Invitation to the Kreativquartiere Planner',
    text: [
      `${i.inviter} lädt Sie ${deWhat} ein.`,
      `Einladung annehmen (gültig bis ${until}, nur einmal verwendbar):`,
      i.url,
      '',
      '---',
      `${i.inviter} invites you ${enWhat}.`,
      `Accept the invitation (valid until ${until}, single use):`,
      i.url,
    ].join('\n'),
  };
}
