// Who may sign in (issue 20): DNSCOVE_SIGNUP through a real SMTP server. Who gets mail depends on
// the policy; the answer to the request never does, so nobody learns which addresses are admitted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';
import { startTestSmtp } from '../helpers/control-smtp.js';
import type { TestSmtp } from '../helpers/control-smtp.js';
import { dnscoveCli } from '../helpers/remote-edges.js';
import { waitUntil } from '../helpers/wait-until.js';
import type { SignupPolicy } from '../../control/auth/signup-policy.js';

let smtp: TestSmtp;
const controls: TestControl[] = [];

beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  for (const c of controls) await c.close();
  await smtp.close();
});

async function controlWith(signup: SignupPolicy, operator?: string): Promise<TestControl> {
  const control = await startTestControl({ smtpUrl: smtp.url, devMode: false, publicUrl: 'https://console.example.test', signup, ...(operator === undefined ? {} : { operator }) });
  controls.push(control);
  return control;
}

/**
 * Asks for links for `addresses` in order, then for `marker` (an admitted address): once the
 * marker's mail has arrived, every earlier one that was going to be sent has been (links are
 * sent before the answer). Returns the answers and which addresses got mail.
 */
async function ask(control: TestControl, addresses: readonly string[], marker: string): Promise<{ answers: string[]; mailed: string[] }> {
  const before = smtp.messages.length;
  const answers: string[] = [];
  for (const email of [...addresses, marker]) {
    const res = await api(control.url, 'POST', '/api/auth/magic-link', { body: { email } });
    answers.push(`${res.status} ${res.text} ${res.headers.get('cache-control')}`);
  }
  await waitUntil(() => smtp.messages.slice(before).some((m) => m.to.includes(marker)), { what: `the mail to ${marker}` });
  const mailed = addresses.filter((a) => smtp.messages.slice(before).some((m) => m.to.includes(a)));
  return { answers: answers.slice(0, -1), mailed };
}

describe('DNSCOVE_SIGNUP', () => {
  it('invite: only operators, invited addresses and existing accounts get a link; everyone gets the same answer', async () => {
    const control = await controlWith({ kind: 'invite' }, 'op@corp.example');
    await dnscoveCli(['operator', 'invite', 'New.Hire@Corp.example', '--data', control.dataDir]);
    const { answers, mailed } = await ask(control, ['stranger@elsewhere.example', 'new.hire@corp.example', 'another@corp.example'], 'op@corp.example');
    expect(mailed).toEqual(['new.hire@corp.example']);
    expect(new Set(answers)).toEqual(new Set(['200 {"sent":true} no-store']));
  });

  it('domains: addresses at the listed domains get a link, others do not', async () => {
    const control = await controlWith({ kind: 'domains', domains: ['corp.example', 'corp.example.org'] });
    const { answers, mailed } = await ask(control, ['alice@corp.example', 'bob@other.example', 'eve@sub.corp.example', 'carol@corp.example.org'], 'dave@corp.example');
    expect(mailed).toEqual(['alice@corp.example', 'carol@corp.example.org']);
    expect(new Set(answers).size).toBe(1);
  });

  it('open: anyone gets a link', async () => {
    const control = await controlWith({ kind: 'open' });
    const { mailed } = await ask(control, ['anyone@anywhere.example'], 'marker@anywhere.example');
    expect(mailed).toEqual(['anyone@anywhere.example']);
  });
});
