import type { ParsedSaveDefinition } from '../ports.js';
import { RebookListSchema, SaveScheduleResponseSchema, ScheduleChoicesSchema, ScheduleListSchema, type RebookItem, type ScheduleChoices, type ScheduleDefinition } from '../../../shared/api/schedule.js';
import type { SaveDefinitionOutput } from '../../../shared/api/schedule-admin.js';
import { isOperationOutcomeError } from '../../../shared/fhir/outcomes.js';
import type { CentralCall } from '../../session/central-http.js';
import { CentralUnreachableError } from '../../session/central-http.js';
import { ServiceError } from '../errors.js';
import type { ScheduleAdminPort } from '../ports.js';

const OFFLINE = 'Schedules are defined at Central: this needs the network and an online login';

/**
 * Central's schedule definitions and rebook list, over HTTP under the working person's own token,
 * so Central decides who may define schedules and its audit names them. Nothing is kept here:
 * the slots Central regenerates reach this workstation through sync like any change.
 */
export class CentralScheduleAdmin implements ScheduleAdminPort {
  constructor(
    private readonly call: CentralCall,
    private readonly accessToken: () => Promise<string | null>,
  ) {}

  async definitions(): Promise<ScheduleDefinition[]> {
    return (await this.online((token) => this.call('/scheduling/schedules', { token, schema: ScheduleListSchema }))).schedules;
  }

  save(input: ParsedSaveDefinition): Promise<SaveDefinitionOutput> {
    const body = { definition: input.definition, baseVersion: input.baseVersion };
    return this.online((token) =>
      input.scheduleId
        ? this.call(`/scheduling/schedules/${encodeURIComponent(input.scheduleId)}`, { method: 'PUT', body, token, schema: SaveScheduleResponseSchema, timeoutMs: 60_000 })
        : this.call('/scheduling/schedules', { method: 'POST', body, token, schema: SaveScheduleResponseSchema, timeoutMs: 60_000 }),
    );
  }

  async rebookList(): Promise<RebookItem[]> {
    return (await this.online((token) => this.call('/scheduling/rebook', { token, schema: RebookListSchema }))).items;
  }

  choices(): Promise<ScheduleChoices> {
    return this.online((token) => this.call('/scheduling/schedule-choices', { token, schema: ScheduleChoicesSchema }));
  }

  /** Runs a call with the token; Central's refusals keep their words, an unreachable Central says "offline". */
  private async online<T>(run: (token: string) => Promise<T>): Promise<T> {
    const token = await this.accessToken();
    if (!token) throw new ServiceError('unavailable', OFFLINE);
    try {
      return await run(token);
    } catch (error) {
      if (error instanceof CentralUnreachableError) throw new ServiceError('unavailable', `${OFFLINE} (${error.message})`);
      if (isOperationOutcomeError(error) && error.status === 401) throw new ServiceError('unavailable', 'Central refused this session; log in again online');
      throw error;
    }
  }
}
