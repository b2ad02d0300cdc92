import type { CentralContext } from '../context.js';
import { legalEntitiesClient } from './legal-entities/client.js';
import type { LegalEntitiesRegister } from './legal-entities/register.js';
import { startLegalEntitiesSimulator } from './legal-entities/simulator.js';
import { RegisterUnavailableError, type RegisterEndpoint } from './http-json.js';
import { populationRegisterClient } from './population/client.js';
import type { PopulationRegister } from './population/register.js';
import { startPopulationRegisterSimulator } from './population/simulator.js';
import { socialFundClient } from './social-fund/client.js';
import type { SocialFund } from './social-fund/fund.js';
import { startSocialFundSimulator } from './social-fund/simulator.js';

/** The state registers one Central talks to. */
export interface Registers {
  population: PopulationRegister;
  legalEntities: LegalEntitiesRegister;
  socialFund: SocialFund;
}

export interface RegistersConfig {
  populationUrl: string | undefined;
  legalEntitiesUrl: string | undefined;
  socialFundUrl: string | undefined;
  timeoutMs: number;
}

export function registersConfigFromEnvironment(env: NodeJS.ProcessEnv): RegistersConfig {
  const timeoutMs = Number(env.MEDKARTA_REGISTER_TIMEOUT_MS ?? 5000);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new Error(`MEDKARTA_REGISTER_TIMEOUT_MS must be a positive number of milliseconds, got "${env.MEDKARTA_REGISTER_TIMEOUT_MS}"`);
  return {
    populationUrl: env.MEDKARTA_POPULATION_REGISTER_URL || undefined,
    legalEntitiesUrl: env.MEDKARTA_LEGAL_ENTITIES_REGISTER_URL || undefined,
    socialFundUrl: env.MEDKARTA_SOCIAL_FUND_URL || undefined,
    timeoutMs,
  };
}

// One set of registers per running Central (a test process runs several), found through its context.
const attached = new WeakMap<CentralContext, { registers: Registers; background: boolean }>();

/**
 * Points a Central at these registers. `background: false` stops the background workers from
 * calling them (the outbox, the changes feed): a test then drives them itself, step by step.
 */
export function attachRegisters(ctx: CentralContext, registers: Registers, options: { background?: boolean } = {}): void {
  attached.set(ctx, { registers, background: options.background ?? true });
}

export function registersOf(ctx: CentralContext): Registers {
  return attached.get(ctx)?.registers ?? unconfigured;
}

export function backgroundWorkEnabled(ctx: CentralContext): boolean {
  return attached.get(ctx)?.background ?? true;
}

/** What Central uses when a register has no address: every call says so, as an outage would. */
const notConfigured = (name: string) => () => Promise.reject(new RegisterUnavailableError(name, 'its address is not configured'));
const unconfigured: Registers = {
  population: { lookup: notConfigured('population register'), changesAfter: notConfigured('population register') },
  legalEntities: { find: notConfigured('register of legal entities') },
  socialFund: { submit: notConfigured('Social Protection Fund') },
};

/**
 * Clients for the configured registers. In demo mode a register without an address is played by
 * its local simulator, started here and stopped by `close`; outside demo mode it stays
 * unconfigured (and answers as unavailable).
 */
export async function openRegisters(config: RegistersConfig, demo: boolean): Promise<{ registers: Registers; urls: Record<keyof Registers, string | undefined>; close(): Promise<void> }> {
  const closers: (() => Promise<void>)[] = [];
  const endpoint = async (url: string | undefined, simulate: () => Promise<{ url: string; close(): Promise<void> }>): Promise<RegisterEndpoint | undefined> => {
    if (url) return { url: url.replace(/\/+$/, ''), timeoutMs: config.timeoutMs };
    if (!demo) return undefined;
    const simulator = await simulate();
    closers.push(simulator.close);
    return { url: simulator.url, timeoutMs: config.timeoutMs };
  };
  const population = await endpoint(config.populationUrl, () => startPopulationRegisterSimulator({ changes: 30 }));
  const legalEntities = await endpoint(config.legalEntitiesUrl, () => startLegalEntitiesSimulator());
  const socialFund = await endpoint(config.socialFundUrl, () => startSocialFundSimulator());
  return {
    registers: {
      population: population ? populationRegisterClient(population) : unconfigured.population,
      legalEntities: legalEntities ? legalEntitiesClient(legalEntities) : unconfigured.legalEntities,
      socialFund: socialFund ? socialFundClient(socialFund) : unconfigured.socialFund,
    },
    urls: { population: population?.url, legalEntities: legalEntities?.url, socialFund: socialFund?.url },
    async close() {
      await Promise.all(closers.map((close) => close()));
    },
  };
}
