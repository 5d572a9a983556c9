import { Connection } from 'jsforce';
import type { Logger } from '../../logging/logger.ts';
import type { SessionProvider } from '../salesforce-auth.ts';

/**
 * The jsforce Connection the stage triggers stream and poll through (CometD needs a real
 * Connection, not the connector's request wrapper). It logs in through the connector's session
 * provider — every configured flow — and renews itself the same way when Salesforce answers
 * INVALID_SESSION_ID. A failed first login leaves the triggers to the webhook, with a log line,
 * rather than stopping the process.
 */
export async function openTriggerConnection(options: { session: SessionProvider; apiVersion: string; logger: Logger }): Promise<Connection | undefined> {
  const log = options.logger.child({ component: 'salesforce-triggers' });
  try {
    const first = await options.session();
    return new Connection({
      version: options.apiVersion,
      instanceUrl: first.instanceUrl,
      accessToken: first.accessToken,
      refreshFn: (conn, callback) => {
        options.session().then(
          (session) => {
            conn.instanceUrl = session.instanceUrl;
            callback(null, session.accessToken, { access_token: session.accessToken, instance_url: session.instanceUrl } as never);
          },
          (error: unknown) => callback(error as Error),
        );
      },
    });
  } catch (error) {
    log.error({ err: error }, 'could not open a Salesforce session for stage triggers: CDC and polling stay off, the webhook still works');
    return undefined;
  }
}
