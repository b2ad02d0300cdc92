import type { CentralConfig } from './config.js';
import type { TokenSigner } from './auth/tokens.js';
import type { Database } from './db/database.js';

/** What every route and domain module of Central is given: no globals. */
export interface CentralContext {
  db: Database;
  config: CentralConfig;
  /** Central's clock. Audit and lastUpdated use it; tests may replace it. */
  now: () => Date;
  tokens: TokenSigner;
}
