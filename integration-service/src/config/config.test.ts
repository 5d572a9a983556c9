import { describe, expect, it } from 'vitest';
import { ConfigError, isConfigError, loadConfig } from './config.ts';

function problemsOf(env: Record<string, string>): ConfigError['problems'] {
  try {
    loadConfig(env);
  } catch (error) {
    if (isConfigError(error)) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs on the embedded default with nothing configured', () => {
    const config = loadConfig({});
    expect(config.database.url).toBeUndefined();
    expect(config.database.dataDir).toBe('.data');
    expect(config.redis.url).toBeUndefined();
    expect(config.http).toMatchObject({ host: '127.0.0.1', port: 3000, publicUrl: 'http://localhost:3000' });
    expect(config.salesforce.auth).toEqual({ kind: 'off' });
    expect(config.providers.builtwith).toEqual({ baseUrl: 'https://api.builtwith.com', apiKey: undefined });
  });

  it('reads the stage-change triggers: stages as a trimmed list, polling interval, CDC flag', () => {
    expect(loadConfig({}).salesforce.triggers).toEqual({ stages: ['Qualification', 'Needs Analysis'], pollIntervalMs: 300_000, cdcEnabled: false });
    const config = loadConfig({ PF_SALESFORCE_TRIGGER_STAGES: ' Proposal/Price Quote , Id. Decision Makers,,', PF_SALESFORCE_TRIGGER_POLL_MS: '0', PF_SALESFORCE_CDC_ENABLED: 'true' });
    expect(config.salesforce.triggers).toEqual({ stages: ['Proposal/Price Quote', 'Id. Decision Makers'], pollIntervalMs: 0, cdcEnabled: true });
    expect(problemsOf({ PF_SALESFORCE_TRIGGER_STAGES: ' , ' })[0]).toMatchObject({ variable: 'PF_SALESFORCE_TRIGGER_STAGES' });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '' }).database.url).toBeUndefined();
  });

  it('names each bad variable and what it expects', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', PF_ROLE: 'boss', REDIS_URL: 'localhost:6379' });
    const byVariable = Object.fromEntries(problems.map((p) => [p.variable, p.message]));
    expect(byVariable.PORT).toMatch(/whole number between 0 and 65535/);
    expect(byVariable.DATABASE_URL).toMatch(/postgres:\/\//);
    expect(byVariable.PF_ROLE).toMatch(/api|worker|all/);
    expect(byVariable.REDIS_URL).toMatch(/redis:\/\//);
    expect(new ConfigError(problems).message).toContain('- PORT:');
  });

  it('points every third-party base URL where it is told, without trailing slashes', () => {
    const config = loadConfig({
      SALESFORCE_LOGIN_URL: 'http://127.0.0.1:9001/',
      BUILTWITH_API_URL: 'http://127.0.0.1:9002',
      SIMILARWEB_API_URL: 'http://127.0.0.1:9003',
      YAHOO_FINANCE_URL: 'http://127.0.0.1:9004',
    });
    expect(config.salesforce.loginUrl).toBe('http://127.0.0.1:9001');
    expect(config.providers.builtwith.baseUrl).toBe('http://127.0.0.1:9002');
    expect(config.providers.similarweb.baseUrl).toBe('http://127.0.0.1:9003');
    expect(config.providers.yahooFinance.baseUrl).toBe('http://127.0.0.1:9004');
    expect(problemsOf({ BUILTWITH_API_URL: 'ftp://x' })[0]?.variable).toBe('BUILTWITH_API_URL');
  });

  it('refuses a half-configured Salesforce flow and picks the complete one', () => {
    expect(problemsOf({ SALESFORCE_ACCESS_TOKEN: 'tok' }).map((p) => p.variable)).toEqual(['SALESFORCE_INSTANCE_URL']);
    expect(problemsOf({ SALESFORCE_PRIVATE_KEY: 'pem' })[0]?.message).toMatch(/SALESFORCE_CLIENT_ID and SALESFORCE_USERNAME/);
    const jwt = loadConfig({ SALESFORCE_PRIVATE_KEY: 'line1\\nline2', SALESFORCE_CLIENT_ID: 'cid', SALESFORCE_USERNAME: 'int@acme.com' });
    expect(jwt.salesforce.auth).toEqual({ kind: 'jwt', clientId: 'cid', username: 'int@acme.com', privateKey: 'line1\nline2' });
    const cc = loadConfig({ SALESFORCE_CLIENT_ID: 'cid', SALESFORCE_CLIENT_SECRET: 's', SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com' });
    expect(cc.salesforce.auth.kind).toBe('client_credentials');
  });

  it('returns a frozen configuration', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config.http)).toBe(true);
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });
});

describe('.env.example', () => {
  it('documents every variable, with values the schema accepts', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(new URL('../../../.env.example', import.meta.url), 'utf8');
    const entries = Object.fromEntries(
      text
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const { CONFIG_VARIABLES } = await import('./config.ts');
    expect(Object.keys(entries)).toEqual(expect.arrayContaining(CONFIG_VARIABLES));
    expect(() => loadConfig(entries)).not.toThrow();
  });
});
