import { describe, expect, it } from 'vitest';
import { FLOW_MAX_AGE_MS, openFlow, sealFlow } from './flow-cookie.ts';

const secret = 'x'.repeat(40);
const flow = { state: 's', nonce: 'n', codeVerifier: 'v', next: '/dashboard', at: Date.now() };

describe('the sign-in flow cookie', () => {
  it('opens what it sealed', () => {
    expect(openFlow(secret, sealFlow(secret, flow))).toEqual(flow);
  });

  it('refuses a changed value, another secret and an old flow', () => {
    const sealed = sealFlow(secret, flow);
    const forged = Buffer.from(JSON.stringify({ ...flow, state: 'mine' })).toString('base64url') + '.' + sealed.split('.')[1];
    expect(openFlow(secret, forged)).toBeNull();
    expect(openFlow('y'.repeat(40), sealed)).toBeNull();
    expect(openFlow(secret, sealed, flow.at + FLOW_MAX_AGE_MS + 1)).toBeNull();
    expect(openFlow(secret, undefined)).toBeNull();
    expect(openFlow(secret, 'garbage')).toBeNull();
  });
});
