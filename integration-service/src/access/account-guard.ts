import type { Request } from 'express';
import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';
import type { TtlCache } from '../cache/ttl-cache.ts';
import { type AccountAccess, type Viewer, findAccountAccess, findAccountAccesses } from './account-access.ts';
import type { AccountOwnership } from './account-ownership.ts';
import { viewerOf } from './acting-for.ts';

/** Called after a permitted read of account data (the audit trail hooks in here). */
export type AccountReadListener = (req: Request, domain: string, access: AccountAccess) => Promise<void> | void;

export interface AccountGuardOptions {
  db: Db;
  onRead?: AccountReadListener;
  /** Account ownership by canonical domain (the API's read cache); without it, a query per check. */
  ownership?: TtlCache<AccountOwnership>;
}

/** Guards every read and write of one account's data; the routes of intel, history and lookups share it. */
export interface AccountGuard {
  /** The viewer's access to `domain` (canonical); 403 when they may not read it. */
  read(req: Request, domain: string): Promise<AccountAccess>;
  /** As `read`, and 403 unless they may also change it (trigger an enrichment). */
  write(req: Request, domain: string): Promise<AccountAccess>;
  /** `write` for many domains at once (a batch): each one's 403, or undefined when it may be changed. */
  writeRefusals(req: Request, domains: readonly string[]): Promise<Map<string, AppError | undefined>>;
}

export function createAccountGuard(options: AccountGuardOptions): AccountGuard {
  async function read(req: Request, domain: string): Promise<AccountAccess> {
    const viewer = viewerOf(req);
    const access = await findAccountAccess(options.db, viewer, domain, options.ownership);
    if (!access.read) throw readRefusal(domain);
    await options.onRead?.(req, domain, access);
    return access;
  }
  return {
    read,
    async write(req, domain) {
      const viewer = viewerOf(req);
      const access = await findAccountAccess(options.db, viewer, domain, options.ownership);
      const refusal = writeRefusal(viewer, domain, access);
      if (refusal) throw refusal;
      return access;
    },
    async writeRefusals(req, domains) {
      const viewer = viewerOf(req);
      const accesses = await findAccountAccesses(options.db, viewer, domains, options.ownership);
      return new Map([...accesses].map(([domain, access]) => [domain, writeRefusal(viewer, domain, access)]));
    },
  };
}

const readRefusal = (domain: string) => AppError.forbidden(`${domain} is owned outside your team; ask its owner or a manager to assign you`);

function writeRefusal(viewer: Viewer, domain: string, access: AccountAccess): AppError | undefined {
  if (!access.read) return readRefusal(domain);
  if (!access.write) return AppError.forbidden(viewer.role === 'viewer' ? 'Viewers have read-only access' : `${domain} is a team account you may read but not change`);
  return undefined;
}
