import { z } from 'zod';
import type { Icd10Code } from '../../../shared/api/icd10.js';
import type { LocalStore } from '../../db/local-store.js';
import type { LocalIcd10Entry } from '../../db/icd10-local.js';
import type { CentralCall } from '../../session/central-http.js';
import { CentralUnreachableError } from '../../session/central-http.js';
import type { Icd10Port } from '../ports.js';

const EntrySchema = z.object({ code: z.string().min(1).max(20), title: z.string(), leaf: z.boolean(), parent: z.string().nullable().optional() });
const SearchSchema = z.object({ results: z.array(EntrySchema) });
const DetailSchema = EntrySchema.extend({ ancestors: z.array(EntrySchema) });
type Entry = z.infer<typeof EntrySchema>;

/** Central answers at most this many codes per search (src-server/terminology/icd10-search.ts). */
const PAGE = 100;

/**
 * ICD-10 for coding a diagnosis: searched in the local copy, so it works offline. Until the copy
 * has been pulled, a search goes to Central when it can.
 */
export class Icd10Service implements Icd10Port {
  constructor(
    private readonly deps: {
      store: () => LocalStore;
      call: CentralCall;
      accessToken: () => Promise<string | null>;
    },
  ) {}

  async search(query: string, limit: number): Promise<Icd10Code[]> {
    const store = this.deps.store();
    if (store.icd10.count() > 0) return store.icd10.search(query, limit).map(({ code, title }) => ({ code, title }));
    const token = await this.deps.accessToken();
    if (!token) return [];
    try {
      const page = await this.deps.call(`/terminology/icd10?${new URLSearchParams({ q: query, _count: String(limit) })}`, { token, schema: SearchSchema });
      return page.results.map(({ code, title }) => ({ code, title }));
    } catch (error) {
      if (error instanceof CentralUnreachableError) return [];
      throw error;
    }
  }
}

/**
 * Pulls the active codes of ICD-10 from Central's look-up routes into the local copy. Central has
 * no export, so the classification is walked by code prefix (A0, A1, ... Z9), a prefix that fills a
 * page being split into ten longer ones; parents missed by a full page are read one by one.
 */
export async function pullIcd10(call: CentralCall, token: string): Promise<LocalIcd10Entry[]> {
  const entries = new Map<string, Entry>();
  const queue: string[] = [];
  for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') for (let digit = 0; digit <= 9; digit++) queue.push(`${letter}${digit}`);
  while (queue.length) {
    const batch = queue.splice(0, 8);
    const pages = await Promise.all(batch.map((prefix) => call(`/terminology/icd10?q=${prefix}&_count=${PAGE}`, { token, schema: SearchSchema })));
    pages.forEach((page, i) => {
      for (const entry of page.results) entries.set(entry.code, entry);
      if (page.results.length >= PAGE) for (let digit = 0; digit <= 9; digit++) queue.push(`${batch[i]}${digit}`);
    });
  }
  const missing = new Set<string>();
  for (const entry of entries.values()) if (entry.parent && !entries.has(entry.parent) && /^[A-Z]\d/.test(entry.parent)) missing.add(entry.parent);
  for (const code of missing) {
    if (entries.has(code)) continue;
    const detail = await call(`/terminology/icd10/${encodeURIComponent(code)}`, { token, schema: DetailSchema });
    for (const entry of [detail, ...detail.ancestors]) if (/^[A-Z]\d/.test(entry.code)) entries.set(entry.code, entry);
  }
  return [...entries.values()].map(({ code, title, leaf }) => ({ code, title, leaf }));
}
