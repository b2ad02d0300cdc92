import { startHttpSimulator, type RunningSimulator, type SimulatorOptions } from '../simulator/http-simulator.js';
import type { LegalEntity } from './register.js';
import { simulatedEntities } from './simulated-entities.js';

/**
 * The register of legal entities played locally over HTTP:
 *   GET /entities/{unp} → 200 organisation | 404
 */
export interface LegalEntitiesSimulator extends RunningSimulator {
  entities: Map<string, LegalEntity>;
}

export async function startLegalEntitiesSimulator(options: SimulatorOptions & { count?: number } = {}): Promise<LegalEntitiesSimulator> {
  const entities = simulatedEntities(options.seed ?? 1, options.count);
  const running = await startHttpSimulator((request) => {
    const [resource, unp] = request.segments;
    if (request.method === 'GET' && resource === 'entities' && unp && request.segments.length === 2) {
      const found = entities.get(unp);
      return found ? { status: 200, body: found } : { status: 404, body: { error: 'No organisation with this УНП' } };
    }
    return { status: 404, body: { error: 'No such route' } };
  }, options);
  return { ...running, entities };
}
