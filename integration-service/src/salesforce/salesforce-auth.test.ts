import { createVerify, generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import token from './__fixtures__/oauth-token-client-credentials.json' with { type: 'json' };
import { createSessionProvider, jwtBearerAssertion } from './salesforce-auth.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

beforeAll(() => nock.disableNetConnect());
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('Salesforce login flows', () => {
  it('signs a JWT bearer assertion Salesforce can verify with the certificate', () => {
    const jwt = jwtBearerAssertion({ clientId: 'key', username: 'int@acme.com', audience: 'https://login.salesforce.com', privateKey: pem, now: new Date('2026-11-22T10:00:00Z') });
    const [header, claims, signature] = jwt.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256' });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toEqual({ iss: 'key', sub: 'int@acme.com', aud: 'https://login.salesforce.com', exp: 1795341780 });
    expect(createVerify('RSA-SHA256').update(`${header}.${claims}`).verify(publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
  });

  it('exchanges the assertion at the login host for a session', async () => {
    const config = loadConfig({ SALESFORCE_CLIENT_ID: 'key', SALESFORCE_USERNAME: 'int@acme.com', SALESFORCE_PRIVATE_KEY: pem.replaceAll('\n', '\\n') });
    let grant: Record<string, string> = {};
    const scope = nock('https://login.salesforce.com')
      .post('/services/oauth2/token', (body: Record<string, string>) => {
        grant = body;
        return true;
      })
      .reply(200, token);
    const session = await createSessionProvider(config.salesforce)();
    scope.done();
    expect(grant.grant_type).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(grant.assertion?.split('.')).toHaveLength(3);
    expect(session).toEqual({ accessToken: token.access_token, instanceUrl: 'https://acme.my.salesforce.com' });
  });
});
