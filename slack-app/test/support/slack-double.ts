import nock from 'nock';

/** Hosts the tests point Slack at; nock answers for them, nothing leaves the machine. */
export const SLACK_ORIGIN = 'http://slack.test';
export const SLACK_API_URL = `${SLACK_ORIGIN}/api`;
export const RESPONSE_URL_ORIGIN = 'https://hooks.slack.test';

export interface RecordedCall {
  method: string;
  /** The Web API form fields (nested objects arrive JSON-encoded). */
  form: URLSearchParams;
  at: number;
}

export interface RecordedResponse {
  /** The response_url posted to. */
  url: string;
  body: { text?: string; blocks?: unknown[]; replace_original?: boolean; response_type?: string };
  at: number;
}

/**
 * The Slack Web API (users.info, views.publish) and every response_url, intercepted by nock.
 * users.info answers from `emails` (Slack user id → e-mail); `hold(userId)` keeps its answer
 * back until released, to show what happens before Slack (and anything after it) answers.
 */
export function interceptSlack(emails: Record<string, string | undefined>) {
  const calls: RecordedCall[] = [];
  const responses: RecordedResponse[] = [];
  const holds = new Map<string, Promise<void>>();

  const api = nock(SLACK_ORIGIN)
    .persist()
    .post('/api/users.info')
    .reply(async (request) => {
      const form = new URLSearchParams(await request.text());
      calls.push({ method: 'users.info', form, at: Date.now() });
      const user = form.get('user') ?? '';
      await holds.get(user);
      if (!(user in emails)) return [200, { ok: false, error: 'user_not_found' }];
      return [200, { ok: true, user: { id: user, name: user.toLowerCase(), deleted: false, profile: { email: emails[user] } } }];
    })
    .post('/api/views.publish')
    .reply(async (request) => {
      calls.push({ method: 'views.publish', form: new URLSearchParams(await request.text()), at: Date.now() });
      return [200, { ok: true, view: { id: 'V0HOME' } }];
    });

  const hooks = nock(RESPONSE_URL_ORIGIN)
    .persist()
    .post(/.*/)
    .reply(async (request) => {
      responses.push({ url: request.url, body: (await request.json()) as RecordedResponse['body'], at: Date.now() });
      return [200, 'ok'];
    });

  return {
    calls,
    responses,
    /** Posts to one response_url, in order. */
    responsesTo: (url: string) => responses.filter((r) => r.url === url),
    hold(userId: string): () => void {
      let release!: () => void;
      holds.set(userId, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        holds.delete(userId);
        release();
      };
    },
    stop() {
      api.persist(false);
      hooks.persist(false);
      nock.cleanAll();
    },
  };
}

export type SlackDouble = ReturnType<typeof interceptSlack>;
