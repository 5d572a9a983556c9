import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Account of the stand-in org. */
export interface StandInAccount {
  Id: string;
  Name: string;
  Website: string | null;
  OwnerId: string | null;
  BillingCountry: string | null;
  /** Epoch ms, whole seconds like Salesforce. */
  modstamp: number;
  fields: Record<string, unknown>;
}

export interface SalesforceStandIn {
  url: string;
  accounts: Map<string, StandInAccount>;
  /** Calls by kind: query (first pages and nextRecordsUrl pages), collections (PATCH), other. */
  counts: { query: number; collections: number; other: number };
  /** Records per collections call, in order. */
  collectionSizes: number[];
  /** Sets the clock SystemModstamp takes on writes (ms). */
  setNow(ms: number): void;
  resetCounts(): void;
  close(): Promise<void>;
}

const API = '/services/data/v62.0';
const PAGE = 2000;
const LIMIT_INFO = 'api-usage=1200/100000';

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'sforce-limit-info': LIMIT_INFO });
  res.end(JSON.stringify(body));
}

const stamp = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

/**
 * A Salesforce org good enough for the connector's bench: SOQL on Account with an optional
 * `SystemModstamp >= literal`, ordered by SystemModstamp and Id, served in pages of 2,000 with
 * `nextRecordsUrl`; sObject Collections PATCH of up to 200 records, which moves SystemModstamp
 * like a real write. Every response carries Sforce-Limit-Info. It counts every call.
 */
export async function startSalesforceStandIn(accounts: StandInAccount[]): Promise<SalesforceStandIn> {
  const byId = new Map(accounts.map((a) => [a.Id, a]));
  const cursors = new Map<string, StandInAccount[]>();
  const counts = { query: 0, collections: 0, other: 0 };
  const collectionSizes: number[] = [];
  let now = Date.now();

  const toRecord = (a: StandInAccount) => ({
    attributes: { type: 'Account', url: `${API}/sobjects/Account/${a.Id}` },
    Id: a.Id,
    Name: a.Name,
    Website: a.Website,
    OwnerId: a.OwnerId,
    BillingCountry: a.BillingCountry,
    SystemModstamp: stamp(a.modstamp),
  });
  const page = (key: string, offset: number) => {
    const rows = cursors.get(key) ?? [];
    const slice = rows.slice(offset, offset + PAGE);
    const done = offset + PAGE >= rows.length;
    if (done) cursors.delete(key);
    return { totalSize: rows.length, done, ...(done ? {} : { nextRecordsUrl: `${API}/query/${key}-${offset + PAGE}` }), records: slice.map(toRecord) };
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method === 'GET' && url.pathname === `${API}/query`) {
      counts.query += 1;
      const soql = url.searchParams.get('q') ?? '';
      const since = /SystemModstamp >= (\S+)/.exec(soql)?.[1];
      const from = since ? Date.parse(since) : Number.NEGATIVE_INFINITY;
      const rows = [...byId.values()].filter((a) => a.modstamp >= from).sort((a, b) => a.modstamp - b.modstamp || a.Id.localeCompare(b.Id));
      const key = `01gSTAND${String(cursors.size + counts.query).padStart(10, '0')}`;
      cursors.set(key, rows);
      send(res, 200, page(key, 0));
      return;
    }
    const more = req.method === 'GET' ? new RegExp(`^${API}/query/(\\w+)-(\\d+)$`).exec(url.pathname) : null;
    if (more) {
      counts.query += 1;
      send(res, 200, page(more[1] as string, Number(more[2])));
      return;
    }
    if (req.method === 'PATCH' && url.pathname === `${API}/composite/sobjects`) {
      counts.collections += 1;
      let text = '';
      for await (const chunk of req) text += chunk;
      const body = JSON.parse(text) as { allOrNone: boolean; records: Array<Record<string, unknown>> };
      collectionSizes.push(body.records.length);
      if (body.records.length > 200) {
        send(res, 400, [{ message: 'Maximum number of records is 200', errorCode: 'EXCEEDED_ID_LIMIT' }]);
        return;
      }
      const results = body.records.map((record) => {
        const account = byId.get(String(record.id));
        if (!account) return { success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] };
        const { attributes: _attributes, id: _id, ...fields } = record;
        Object.assign(account.fields, fields);
        account.modstamp = Math.floor(now / 1000) * 1000;
        return { id: account.Id, success: true, errors: [] };
      });
      send(res, 200, results);
      return;
    }
    counts.other += 1;
    send(res, 404, [{ message: `stand-in has no ${req.method} ${url.pathname}`, errorCode: 'NOT_FOUND' }]);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, [{ message: String(error), errorCode: 'UNKNOWN_EXCEPTION' }]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accounts: byId,
    counts,
    collectionSizes,
    setNow(ms) {
      now = ms;
    },
    resetCounts() {
      counts.query = 0;
      counts.collections = 0;
      counts.other = 0;
      collectionSizes.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
