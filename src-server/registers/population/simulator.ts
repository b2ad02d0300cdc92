import { startHttpSimulator, type RunningSimulator, type SimulatorOptions } from '../simulator/http-simulator.js';
import { DEFAULT_RANGES, SimulatedPopulation, type PopulationRange } from './simulated-population.js';

/**
 * The population register played locally over HTTP, with the API client.ts speaks:
 *   GET /persons/{personalNumber}   → 200 person | 404
 *   GET /changes?after=seq&limit=n  → 200 { changes: [...] }
 * People come from demoPerson(index, seed) for the configured index ranges (by default the first
 * 5000 demo people and 1000 from index 100000, the people still to be registered).
 */
export interface PopulationSimulatorOptions extends SimulatorOptions {
  ranges?: readonly PopulationRange[];
  /** Changes already in the feed at start (marriages, moves, deaths among the first 300 people). */
  changes?: number;
}

export interface PopulationRegisterSimulator extends RunningSimulator {
  population: SimulatedPopulation;
}

export async function startPopulationRegisterSimulator(options: PopulationSimulatorOptions = {}): Promise<PopulationRegisterSimulator> {
  const population = new SimulatedPopulation(options.seed ?? 1, options.ranges ?? DEFAULT_RANGES);
  if (options.changes) population.simulateLife(options.changes, 300);
  const running = await startHttpSimulator((request) => {
    const [resource, key] = request.segments;
    if (request.method === 'GET' && resource === 'persons' && key && request.segments.length === 2) {
      const person = population.find(key);
      return person ? { status: 200, body: person } : { status: 404, body: { error: 'No such person' } };
    }
    if (request.method === 'GET' && resource === 'changes' && request.segments.length === 1) {
      const after = Number(request.query.get('after') ?? 0);
      const limit = Math.min(Number(request.query.get('limit') ?? 100), 1000);
      if (!Number.isInteger(after) || !Number.isInteger(limit) || after < 0 || limit < 1) return { status: 400, body: { error: 'after and limit must be whole numbers' } };
      return { status: 200, body: { changes: population.changesAfter(after, limit) } };
    }
    return { status: 404, body: { error: 'No such route' } };
  }, options);
  return { ...running, population };
}
