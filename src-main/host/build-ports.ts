import type { Patient } from '@medplum/fhirtypes';
import type { StaffUser } from '../../shared/api/session.js';
import type { LocalStore } from '../db/local-store.js';
import { PopulationRegisterViaCentral } from '../registers/population.js';
import { ServiceError } from '../services/errors.js';
import { CentralScheduleAdmin } from '../services/online/schedule-admin.js';
import type { WorkstationPorts } from '../services/ports.js';
import { StoreAudit } from '../services/store/audit.js';
import { StoreChart } from '../services/store/chart.js';
import { createStoreDesk } from '../services/store/desk.js';
import { RemotePatients } from '../services/store/fetch-remote.js';
import { Icd10Service } from '../services/store/icd10.js';
import { StorePatients } from '../services/store/patients.js';
import { StoreSchedule } from '../services/store/schedule.js';
import { StoreSickLeave } from '../services/store/sick-leave.js';
import { StoreVisits } from '../services/store/visits.js';
import type { CentralCall } from '../session/central-http.js';
import type { WorkstationSession } from '../session/session.js';
import type { HostSync } from './host-sync.js';
import type { SettingsFile } from './settings-file.js';
import type { StoreKeeper } from './store-keeper.js';

export interface PortDeps {
  keeper: StoreKeeper;
  session: WorkstationSession;
  sync: HostSync;
  settings: SettingsFile;
  call: CentralCall;
  now: () => Date;
}

/** Wires every port of the handler map to the store, the session, Central and the sync engine. */
export function buildPorts({ keeper, session, sync, settings, call, now }: PortDeps): WorkstationPorts {
  const store = () => keeper.require();
  const enrolment = () => {
    const found = store().enrolment.get();
    if (!found) throw new ServiceError('unavailable', 'This workstation is not enrolled yet');
    return found;
  };
  const profileOf = (user: StaffUser) => {
    const profile = session.currentProfile();
    return profile?.id === user.id ? profile : null;
  };
  const lastSyncAt = () => sync.status().lastSyncAt;
  const patients = new StorePatients({ store, now, organizationId: () => enrolment().organizationId, lastSyncAt, profile: () => session.currentProfile() });
  const summary = (s: LocalStore, patient: Patient) => patients.summary(s, patient);
  const accessToken = () => session.accessToken();
  const visits = new StoreVisits({ store, now, organization: () => ({ id: enrolment().organizationId, name: enrolment().organizationName }), profile: profileOf });
  return {
    session,
    patients: {
      search: (query, limit) => patients.search(query, limit),
      byPersonalNumber: (pn) => patients.byPersonalNumber(pn),
      byId: (id) => patients.byId(id),
      register: (input, check) => {
        const saved = patients.register(input, check);
        sync.nudge();
        return saved;
      },
    },
    register: new PopulationRegisterViaCentral(call, accessToken),
    remote: new RemotePatients({ store, call, accessToken, clientId: () => enrolment().deviceId, now, summary, changed: () => sync.nudge() }),
    chart: new StoreChart({ store, now, summary }),
    visits: {
      save: (input, user) => {
        const saved = visits.save(input, user);
        sync.nudge();
        return saved;
      },
    },
    schedule: new StoreSchedule({ store, summary, profile: () => session.currentProfile() }),
    desk: createStoreDesk({ store, now, profile: profileOf, organizationId: () => enrolment().organizationId, changed: () => sync.nudge() }),
    icd10: new Icd10Service({ store, call, accessToken }),
    sync,
    settings,
    audit: new StoreAudit({
      store,
      now,
      context: (user) => {
        const found = keeper.current()?.enrolment.get();
        const profile = profileOf(user);
        if (!found) return null;
        return {
          userId: user.id,
          userDisplay: user.displayName,
          practitionerId: profile?.practitionerId,
          organizationId: found.organizationId,
          deviceId: found.deviceId,
          deviceDisplay: found.display,
        };
      },
    }),
    sickLeave: new StoreSickLeave({ store, now, call, accessToken, profile: profileOf, changed: () => sync.nudge() }),
    scheduleAdmin: new CentralScheduleAdmin(call, accessToken),
    now,
    atomically: (act) => store().transaction(act),
  };
}
