import { PROTOCOL_VERSION } from '../../../shared/sync/version.js';

/** A JSON answer: status and parsed body (any: tests look into it freely). */
export interface JsonAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

export async function postJson(url: string, body: unknown, token?: string): Promise<JsonAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/** A device token for an enrolled workstation (OAuth client_credentials). */
export async function deviceTokenOf(centralUrl: string, deviceId: string, deviceSecret: string): Promise<string> {
  const answer = await postJson(`${centralUrl}/auth/token`, { grant_type: 'client_credentials', client_id: deviceId, client_secret: deviceSecret });
  if (answer.status !== 200) throw new Error(`device token: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.access_token as string;
}

/** The sync protocol spoken by hand, for tests of Central's side. */
export function syncCaller(centralUrl: string, clientId: string, token: string) {
  const envelope = { protocolVersion: PROTOCOL_VERSION, clientId };
  return {
    push: (mutations: unknown[]) => postJson(`${centralUrl}/sync/push`, { ...envelope, mutations }, token),
    pull: (cursor?: string, limit = 500) => postJson(`${centralUrl}/sync/pull`, { ...envelope, limit, ...(cursor ? { cursor } : {}) }, token),
    /** A pull page in the 'rows' layout, as the text Central answered. */
    async pullRows(cursor?: string, limit = 500): Promise<{ status: number; contentType: string | null; text: string }> {
      const response = await fetch(`${centralUrl}/sync/pull`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ ...envelope, limit, layout: 'rows', ...(cursor ? { cursor } : {}) }),
      });
      return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
    },
    fetchPatient: (patientId: string, reason: string, pinDays?: number) =>
      postJson(`${centralUrl}/sync/fetch-patient`, { ...envelope, patientId, reason, ...(pinDays !== undefined ? { pinDays } : {}) }, token),
    /** Pulls until the feed has nothing more; returns every page. */
    async pullAll(cursor?: string, limit = 500): Promise<JsonAnswer['body'][]> {
      const pages = [];
      for (let next = cursor; ; ) {
        const answer = await this.pull(next, limit);
        if (answer.status !== 200) throw new Error(`pull: ${answer.status} ${JSON.stringify(answer.body)}`);
        pages.push(answer.body);
        next = answer.body.cursor;
        if (!answer.body.hasMore) return pages;
      }
    },
  };
}
