/**
 * Who a provider call is made for: the budget check charges the team, the usage row records
 * the job and user, and the signal aborts the call when the job is cancelled or times out.
 */
export interface ProviderCallContext {
  domain: string;
  jobId?: string;
  userId?: string;
  teamId?: string;
  signal?: AbortSignal;
}

/** What every provider adapter returns: the data, and where and when it came from. */
export interface ProviderResult<T> {
  provider: string;
  data: T;
  /** The URL the data was read from (a public page, or the API endpoint without its key). */
  sourceUrl: string;
  fetchedAt: Date;
}
