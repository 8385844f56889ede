import { describe, expect, it } from 'vitest';
import { invitationMail } from './mail.ts';

describe('invitation mail', () => {
  it('says who invites to what, German first, with the link in both parts', () => {
    const m = invitationMail({
      to: 'a@example.org',
      url: 'https://planner.example/einladung/abc',
      inviter: 'Petra Stab',
      role: 'owner',
      planTitle: 'Klangraum',
      expiresAt: new Date('2027-03-05T12:00:00Z'),
    });
    expect(m.text).toContain('Petra Stab lädt Sie zum Plan „Klangraum“ als Eigentümer:in ein.');
    expect(m.text).toContain('Petra Stab invites you to the plan “Klangraum” as owner.');
    expect(m.text.indexOf('lädt Sie')).toBeLessThan(m.text.indexOf('invites you'));
    expect(m.text.split('https://planner.example/einladung/abc')).toHaveLength(3);
    expect(m.text).not.toContain('{');
  });
});
