import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Salesforce for the CDC path: the CometD endpoint `/cometd/<version>` as Salesforce's
 * streaming API answers it (long-polling handshake, connect, subscribe with the replay
 * extension, retained events replayed after a replay id) and the REST query endpoint, answered
 * by the test. Message shapes follow recorded Salesforce exchanges.
 */
export interface CometdStandIn {
  url: string;
  /** Every subscribe: channel and the replay id asked for (undefined without the extension). */
  subscriptions: Array<{ channel: string; replay: unknown }>;
  /** Handshakes answered, refused ones included. */
  handshakes(): number;
  /** SOQL statements received on /services/data/v<version>/query. */
  queries: string[];
  /** Publishes (and retains) an event to every subscriber of its channel. */
  publish(channel: string, data: { event: { replayId: number } } & Record<string, unknown>): void;
  /** Sends a retained event again, as Salesforce may after a reconnect. */
  redeliver(replayId: number): void;
  /** Clients currently connected. */
  clientCount(): number;
  close(): Promise<void>;
}

interface Client {
  channels: Set<string>;
  outbox: unknown[];
  waiting?: () => void;
}

export async function startCometdStandIn(options: { version: string; token: string; answerQuery(soql: string): unknown; holdMs?: number }): Promise<CometdStandIn> {
  const holdMs = options.holdMs ?? 200;
  const clients = new Map<string, Client>();
  const retained: Array<{ channel: string; data: { event: { replayId: number } } }> = [];
  const subscriptions: CometdStandIn['subscriptions'] = [];
  const queries: string[] = [];
  let handshakes = 0;

  const deliver = (client: Client, event: { channel: string; data: unknown }) => {
    client.outbox.push({ channel: event.channel, data: event.data });
    client.waiting?.();
  };

  const handle = async (message: Record<string, unknown>, authorized: boolean): Promise<unknown[]> => {
    const base = { id: message.id, channel: message.channel };
    const clientId = String(message.clientId ?? '');
    const client = clients.get(clientId);
    switch (message.channel) {
      case '/meta/handshake': {
        handshakes += 1;
        if (!authorized) {
          return [{ ...base, successful: false, error: '403::Handshake denied', advice: { reconnect: 'none' }, ext: { sfdc: { failureReason: '401::Authentication invalid' }, replay: true } }];
        }
        const id = randomUUID().replaceAll('-', '');
        clients.set(id, { channels: new Set(), outbox: [] });
        return [{ ...base, version: '1.0', minimumVersion: '1.0', clientId: id, supportedConnectionTypes: ['long-polling'], successful: true, ext: { replay: true, 'payload.format': true }, advice: { interval: 0, timeout: 110000, reconnect: 'retry' } }];
      }
      case '/meta/subscribe': {
        if (!client) return [{ ...base, successful: false, error: '403::Unknown client', advice: { reconnect: 'handshake' } }];
        const channel = String(message.subscription);
        const replay = (message.ext as { replay?: Record<string, unknown> } | undefined)?.replay?.[channel];
        subscriptions.push({ channel, replay });
        client.channels.add(channel);
        // -1 (or no replay): only new events; -2: everything retained; n: what came after n.
        const from = typeof replay === 'number' ? replay : -1;
        if (from !== -1) for (const event of retained) if (event.channel === channel && (from === -2 || event.data.event.replayId > from)) deliver(client, event);
        return [{ ...base, clientId, subscription: channel, successful: true }];
      }
      case '/meta/connect': {
        if (!client) return [{ ...base, successful: false, error: '403::Unknown client', advice: { reconnect: 'handshake' } }];
        if (client.outbox.length === 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, holdMs);
            client.waiting = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          client.waiting = undefined;
        }
        const events = client.outbox.splice(0);
        return [...events, { ...base, clientId, successful: true, advice: { reconnect: 'retry', interval: 0, timeout: 110000 } }];
      }
      case '/meta/unsubscribe':
        client?.channels.delete(String(message.subscription));
        return [{ ...base, clientId, subscription: message.subscription, successful: true }];
      case '/meta/disconnect':
        clients.delete(clientId);
        return [{ ...base, clientId, successful: true }];
      default:
        return [{ ...base, successful: false, error: '400::Unknown channel' }];
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://stand-in');
        if (req.method === 'GET' && url.pathname === `/services/data/v${options.version}/query`) {
          if (req.headers.authorization !== `Bearer ${options.token}`) {
            res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]));
            return;
          }
          const soql = url.searchParams.get('q') ?? '';
          queries.push(soql);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(options.answerQuery(soql)));
          return;
        }
        if (req.method !== 'POST' || url.pathname !== `/cometd/${options.version}`) {
          res.writeHead(404).end();
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> | Array<Record<string, unknown>>;
        const authorized = req.headers.authorization === `OAuth ${options.token}`;
        const replies = (await Promise.all((Array.isArray(body) ? body : [body]).map((message) => handle(message, authorized)))).flat();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(replies));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    subscriptions,
    queries,
    publish(channel, data) {
      const event = { channel, data };
      retained.push(event);
      for (const client of clients.values()) if (client.channels.has(channel)) deliver(client, event);
    },
    redeliver(replayId) {
      const event = retained.find((e) => e.data.event.replayId === replayId);
      if (!event) throw new Error(`no retained event ${replayId}`);
      for (const client of clients.values()) if (client.channels.has(event.channel)) deliver(client, event);
    },
    clientCount: () => clients.size,
    handshakes: () => handshakes,
    async close() {
      for (const client of clients.values()) client.waiting?.();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A recorded OpportunityChangeEvent message's `data`, for one UPDATE or CREATE. */
export function opportunityChangeEvent(fields: { replayId: number; recordIds: string[]; changeType?: 'UPDATE' | 'CREATE'; changedFields: string[]; commitTimestamp: number; values: Record<string, unknown> }) {
  return {
    schema: 'IeRuaY6cbI_HsV8Rv1Mc5g',
    payload: {
      ChangeEventHeader: {
        entityName: 'Opportunity',
        recordIds: fields.recordIds,
        changeType: fields.changeType ?? 'UPDATE',
        changeOrigin: 'com/salesforce/api/soap/62.0;client=SfdcInternalAPI/',
        transactionKey: `0002343d-9d90-e395-ed20-cf416ba652ad-${fields.replayId}`,
        sequenceNumber: 1,
        commitTimestamp: fields.commitTimestamp,
        commitNumber: 10_969_061_127_600 + fields.replayId,
        commitUser: '005Hs00000AbCdEIAV',
        nulledFields: [],
        diffFields: [],
        changedFields: fields.changedFields,
      },
      LastModifiedDate: new Date(fields.commitTimestamp).toISOString(),
      ...fields.values,
    },
    event: { replayId: fields.replayId },
  };
}
