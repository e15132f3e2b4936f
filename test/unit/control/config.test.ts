// Unit: the control plane's configuration from environment variables and overrides.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadControlConfig } from '../../../control/config.js';

describe('loadControlConfig', () => {
  it('has the documented defaults', () => {
    const c = loadControlConfig({});
    expect(c).toMatchObject({
      httpHost: '127.0.0.1',
      httpPort: 8080,
      dataDir: path.resolve('./data'),
      snapshotsDir: path.resolve('./data/snapshots'),
      nameservers: ['ns1.dnscove.invalid.', 'ns2.dnscove.invalid.'],
      devMode: true,
      publicUrl: 'http://127.0.0.1:8080',
      sessionTtlSeconds: 43200,
      bodyLimitBytes: 1024 * 1024,
    });
    expect(c.smtpUrl).toBeUndefined();
    expect(c.sessionSecret).toBeUndefined();
  });

  it.each([
    { env: { DNSCOVE_HTTP: '0.0.0.0:9000', SMTP_URL: 'smtp://127.0.0.1:2525' }, expect: { httpHost: '0.0.0.0', httpPort: 9000, publicUrl: 'http://0.0.0.0:9000' } },
    { env: { DNSCOVE_HTTP: '0.0.0.0:9000', DNSCOVE_DEV: '1' }, expect: { httpHost: '0.0.0.0', devMode: true } },
    { env: { DNSCOVE_HTTP: '127.0.0.2:9000' }, expect: { httpHost: '127.0.0.2', devMode: true } },
    { env: { DNSCOVE_HTTP: '[::1]:80' }, expect: { httpHost: '::1', httpPort: 80, publicUrl: 'http://[::1]:80' } },
    { env: { DNSCOVE_DATA: '/srv/dns' }, expect: { dataDir: '/srv/dns', snapshotsDir: '/srv/dns/snapshots' } },
    { env: { DNSCOVE_NS: 'NS1.Example.NET, ns2.example.net.' }, expect: { nameservers: ['ns1.example.net.', 'ns2.example.net.'] } },
    { env: { SMTP_URL: 'smtp://127.0.0.1:2525' }, expect: { smtpUrl: 'smtp://127.0.0.1:2525', devMode: false } },
    { env: { SMTP_URL: 'smtp://127.0.0.1:2525', DNSCOVE_DEV: '1' }, expect: { devMode: true } },
    { env: { DNSCOVE_PUBLIC_URL: 'https://dns.example.com/' }, expect: { publicUrl: 'https://dns.example.com' } },
    { env: { DNSCOVE_SESSION_TTL: '60' }, expect: { sessionTtlSeconds: 60 } },
    { env: { DNSCOVE_SESSION_SECRET: 's'.repeat(32) }, expect: { sessionSecret: 's'.repeat(32) } },
    { env: { DNSCOVE_ACME_DNS_ZONE: 'Auth.Example.NET', DNSCOVE_ACME_DNS_TTL: '600' }, expect: { acmeDnsZone: 'auth.example.net.', acmeDnsValueSeconds: 600 } },
    {
      env: { DNSCOVE_ROOT_HINTS: 'a.root=127.0.0.5:53', DNSCOVE_CHECK_TIMEOUT_MS: '500', DNSCOVE_PARITY_LIMIT: '20' },
      expect: { checks: { resolver: { rootHints: [{ name: 'a.root.', host: '127.0.0.5', port: 53 }], timeoutMs: 500 }, parityLimit: 20 } },
    },
  ])('reads $env', ({ env, expect: want }) => {
    expect(loadControlConfig(env)).toMatchObject(want);
  });

  it.each([
    { env: { DNSCOVE_HTTP: 'localhost' }, message: /DNSCOVE_HTTP/ },
    { env: { DNSCOVE_HTTP: '127.0.0.1:70000' }, message: /DNSCOVE_HTTP/ },
    { env: { DNSCOVE_NS: 'com' }, message: /two labels/ },
    { env: { DNSCOVE_NS: 'bad..name' }, message: /DNSCOVE_NS/ },
    { env: { DNSCOVE_NS: ' , ' }, message: /empty/ },
    { env: { SMTP_URL: 'mail.example.com' }, message: /SMTP_URL/ },
    { env: { DNSCOVE_SESSION_TTL: '0' }, message: /DNSCOVE_SESSION_TTL/ },
    { env: { DNSCOVE_SESSION_SECRET: 'short' }, message: /32 characters/ },
    { env: { DNSCOVE_ACME_DNS_TTL: '-5' }, message: /DNSCOVE_ACME_DNS_TTL/ },
    { env: { DNSCOVE_ROOT_HINTS: 'a.root=not-an-ip' }, message: /root hints/ },
    { env: { DNSCOVE_CHECK_TIMEOUT_MS: 'soon' }, message: /DNSCOVE_CHECK_TIMEOUT_MS/ },
    { env: { DNSCOVE_PARITY_LIMIT: '0' }, message: /DNSCOVE_PARITY_LIMIT/ },
    { env: { DNSCOVE_HTTP: '0.0.0.0:9000' }, message: /dev mode \(no SMTP_URL\) hands a login link to whoever asks, so it is refused on 0\.0\.0\.0/ },
    { env: { DNSCOVE_HTTP: '[::]:9000' }, message: /DNSCOVE_DEV=1/ },
    { env: { DNSCOVE_HTTP: '192.0.2.7:9000' }, message: /refused on 192\.0\.2\.7/ },
  ])('refuses $env', ({ env, message }) => {
    expect(() => loadControlConfig(env)).toThrow(ConfigError);
    expect(() => loadControlConfig(env)).toThrow(message);
  });

  it('overrides win over the environment', () => {
    const c = loadControlConfig({ DNSCOVE_HTTP: '0.0.0.0:9000', SMTP_URL: 'smtp://x:25' }, { httpPort: 0, smtpUrl: undefined, devMode: true });
    expect(c).toMatchObject({ httpHost: '0.0.0.0', httpPort: 0, devMode: true });
    expect('smtpUrl' in c).toBe(false);
  });
});

describe('DNSCOVE_SIGNUP and DNSCOVE_OPERATOR', () => {
  it('is open on loopback or without mail, invite-only when mailing links from an address others reach', () => {
    expect(loadControlConfig({}).signup).toEqual({ kind: 'open' });
    expect(loadControlConfig({ SMTP_URL: 'smtp://127.0.0.1:25' }).signup).toEqual({ kind: 'open' });
    expect(loadControlConfig({ SMTP_URL: 'smtp://mail:25', DNSCOVE_HTTP: '0.0.0.0:8080' }).signup).toEqual({ kind: 'invite' });
    expect(loadControlConfig({ SMTP_URL: 'smtp://mail:25', DNSCOVE_HTTP: '0.0.0.0:8080', DNSCOVE_SIGNUP: 'open' }).signup).toEqual({ kind: 'open' });
  });

  it('reads the domains form, and says what it accepts otherwise', () => {
    expect(loadControlConfig({ DNSCOVE_SIGNUP: 'domains:Example.com, example.org.' }).signup).toEqual({ kind: 'domains', domains: ['example.com', 'example.org'] });
    expect(() => loadControlConfig({ DNSCOVE_SIGNUP: 'closed' })).toThrow(new ConfigError('config: DNSCOVE_SIGNUP "closed" is not open, invite or domains:example.com,example.org'));
    expect(() => loadControlConfig({ DNSCOVE_SIGNUP: 'domains:' })).toThrow(ConfigError);
  });

  it('takes an operator address, lower-cased', () => {
    expect(loadControlConfig({ DNSCOVE_OPERATOR: 'Ops@Example.com' }).operator).toBe('ops@example.com');
    expect(() => loadControlConfig({ DNSCOVE_OPERATOR: 'not an address' })).toThrow(/DNSCOVE_OPERATOR "not an address" is not an e-mail address/);
  });
});
