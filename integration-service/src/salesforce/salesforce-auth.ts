import { createSign } from 'node:crypto';
import { OAuth2 } from 'jsforce';
import type { Config, SalesforceAuth } from '../config/config.ts';
import { SalesforceError } from './salesforce-error.ts';

export interface SalesforceSession {
  accessToken: string;
  instanceUrl: string;
}

/** Gets a (new) session for the configured flow; called at the first call and after INVALID_SESSION_ID. */
export type SessionProvider = () => Promise<SalesforceSession>;

interface TokenResponse {
  access_token: string;
  instance_url?: string;
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A JWT bearer assertion (RFC 7523) signed RS256 with the connected app's private key: the
 * issuer is the consumer key, the subject the integration user, the audience the login host.
 */
export function jwtBearerAssertion(input: { clientId: string; username: string; audience: string; privateKey: string; now?: Date }): string {
  const issuedAt = Math.floor((input.now ?? new Date()).getTime() / 1000);
  // Salesforce accepts at most 3 minutes of validity.
  const unsigned = `${encode({ alg: 'RS256' })}.${encode({ iss: input.clientId, sub: input.username, aud: input.audience, exp: issuedAt + 180 })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(input.privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

function withInstance(token: TokenResponse, fallback?: string): SalesforceSession {
  const instanceUrl = token.instance_url ?? fallback;
  if (!token.access_token || !instanceUrl) throw new SalesforceError('auth_failed', 'Salesforce answered the token request without an access token or instance URL');
  return { accessToken: token.access_token, instanceUrl: instanceUrl.replace(/\/+$/, '') };
}

/** The session provider of the configured auth flow (jsforce's OAuth2 posts to the token endpoint). */
export function createSessionProvider(salesforce: Config['salesforce']): SessionProvider {
  const auth: SalesforceAuth = salesforce.auth;
  const failed = (error: unknown): never => {
    throw new SalesforceError('auth_failed', `Salesforce refused the ${auth.kind} login: ${(error as Error).message}`, undefined, { cause: error });
  };
  switch (auth.kind) {
    case 'access_token': {
      let handedOut = false;
      return async () => {
        // A bare token cannot be renewed: the second request for a session means it expired.
        if (handedOut) {
          throw new SalesforceError(
            'session_expired',
            'Salesforce refused SALESFORCE_ACCESS_TOKEN (expired or revoked); set a fresh one, or configure the JWT bearer or client-credentials flow, which renew themselves',
            401,
          );
        }
        handedOut = true;
        return { accessToken: auth.accessToken, instanceUrl: auth.instanceUrl };
      };
    }
    case 'jwt': {
      const oauth2 = new OAuth2({ loginUrl: salesforce.loginUrl, clientId: auth.clientId });
      return async () => {
        const assertion = jwtBearerAssertion({ clientId: auth.clientId, username: auth.username, audience: salesforce.loginUrl, privateKey: auth.privateKey });
        const token = (await oauth2.requestToken({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).catch(failed)) as TokenResponse;
        return withInstance(token, salesforce.instanceUrl);
      };
    }
    case 'client_credentials': {
      // The client-credentials flow is served by the org's My Domain, not login.salesforce.com.
      const oauth2 = new OAuth2({ loginUrl: auth.instanceUrl, clientId: auth.clientId, clientSecret: auth.clientSecret });
      return async () => withInstance((await oauth2.requestToken({ grant_type: 'client_credentials' }).catch(failed)) as TokenResponse, auth.instanceUrl);
    }
    case 'password': {
      const oauth2 = new OAuth2({ loginUrl: salesforce.loginUrl, clientId: auth.clientId, clientSecret: auth.clientSecret });
      return async () => withInstance((await oauth2.authenticate(auth.username, auth.password).catch(failed)) as TokenResponse, salesforce.instanceUrl);
    }
    case 'off':
      return async () => {
        throw new SalesforceError('auth_failed', 'Salesforce is not configured (see SALESFORCE_* in .env.example)');
      };
  }
}
