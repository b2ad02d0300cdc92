import type { Location, Organization } from '@medplum/fhirtypes';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import { demoUuid } from './ids.js';

/**
 * The institutions of the demo region (Minsk): a state polyclinic the demo patients are attached
 * to, a private medical centre, a laboratory, a hospital and the ambulance service. Names, УНП and
 * addresses are those the simulated register of legal entities knows
 * (src-server/registers/legal-entities/simulated-entities.ts KNOWN_ENTITIES).
 */
export const INSTITUTION_KEYS = ['polyclinic', 'private', 'laboratory', 'hospital', 'ambulance'] as const;
export type InstitutionKey = (typeof INSTITUTION_KEYS)[number];

interface InstitutionSpec {
  name: string;
  alias: string;
  unp: string;
  kind: 'state' | 'private' | 'laboratory' | 'hospital' | 'ambulance';
  kindText: string;
  line: string;
  postalCode: string;
  phone: string;
  /** Rooms, wards and cabinets by our key, with the name shown on the door. */
  rooms: Record<string, string>;
}

export const INSTITUTIONS: Record<InstitutionKey, InstitutionSpec> = {
  polyclinic: {
    name: 'Учреждение здравоохранения «10-я городская клиническая поликлиника»',
    alias: 'УЗ «10-я ГКП»',
    unp: '710000019',
    kind: 'state',
    kindText: 'Государственная поликлиника',
    line: 'ул. Ландера, 20',
    postalCode: '220029',
    phone: '+375 17 270-45-12',
    rooms: {
      '201': 'Кабинет 201 (терапевтическое отделение)', '203': 'Кабинет 203 (терапевтическое отделение)', '205': 'Кабинет 205 (терапевтическое отделение)',
      '112': 'Кабинет 112 (педиатр)', '310': 'Кабинет 310 (невролог)', '315': 'Кабинет 315 (хирург)', '318': 'Кабинет 318 (офтальмолог)', '320': 'Кабинет 320 (кардиолог)',
      vaccination: 'Прививочный кабинет', xray: 'Рентгеновский кабинет', ultrasound: 'Кабинет ультразвуковой и функциональной диагностики',
      registry: 'Регистратура', office: 'Администрация',
    },
  },
  private: {
    name: 'Общество с ограниченной ответственностью «Медицинский центр «Здоровая семья»',
    alias: 'ООО «МЦ «Здоровая семья»',
    unp: '710003046',
    kind: 'private',
    kindText: 'Частный медицинский центр',
    line: 'ул. Сурганова, 47',
    postalCode: '220013',
    phone: '+375 17 388-12-40',
    rooms: { gyn: 'Кабинет акушера-гинеколога', ent: 'Кабинет оториноларинголога', ultrasound: 'Кабинет УЗИ', reception: 'Администратор' },
  },
  laboratory: {
    name: 'Общество с ограниченной ответственностью «ЛабДиагностика»',
    alias: 'ООО «ЛабДиагностика»',
    unp: '710002037',
    kind: 'laboratory',
    kindText: 'Клинико-диагностическая лаборатория',
    line: 'пр-т Независимости, 95',
    postalCode: '220043',
    phone: '+375 17 360-00-95',
    rooms: { lab: 'Лаборатория', collection: 'Пункт забора биоматериала' },
  },
  hospital: {
    name: 'Учреждение здравоохранения «Городская клиническая больница скорой медицинской помощи»',
    alias: 'УЗ «ГКБСМП»',
    unp: '710001028',
    kind: 'hospital',
    kindText: 'Больница',
    line: 'ул. Кижеватова, 58',
    postalCode: '220024',
    phone: '+375 17 287-05-00',
    rooms: {
      admission: 'Приёмное отделение', therapy: 'Терапевтическое отделение', surgery: 'Хирургическое отделение', cardiology: 'Кардиологическое отделение',
      trauma: 'Травматологическое отделение', neurology: 'Неврологическое отделение', theatre: 'Операционный блок',
    },
  },
  ambulance: {
    name: 'Учреждение здравоохранения «Городская станция скорой медицинской помощи»',
    alias: 'УЗ «ГССМП»',
    unp: '710004055',
    kind: 'ambulance',
    kindText: 'Станция скорой медицинской помощи',
    line: 'ул. Кропоткина, 48',
    postalCode: '220002',
    phone: '103',
    rooms: { substation: 'Подстанция скорой медицинской помощи № 3' },
  },
};

export interface DemoInstitution {
  key: InstitutionKey;
  organization: Organization & { id: string };
  building: Location & { id: string };
  rooms: Record<string, Location & { id: string }>;
}

export function demoInstitutions(seed: number): Record<InstitutionKey, DemoInstitution> {
  return Object.fromEntries(INSTITUTION_KEYS.map((key) => [key, institution(seed, key)])) as Record<InstitutionKey, DemoInstitution>;
}

function institution(seed: number, key: InstitutionKey): DemoInstitution {
  const spec = INSTITUTIONS[key];
  const address = { use: 'work' as const, line: [spec.line], city: 'Минск', postalCode: spec.postalCode, country: 'BY' };
  const organization: Organization & { id: string } = {
    resourceType: 'Organization',
    id: demoUuid(seed, 'Organization', key),
    identifier: [{ system: SYSTEMS.unp, value: spec.unp }],
    active: true,
    type: [
      {
        coding: [
          { system: SYSTEMS.institutionKind, code: spec.kind },
          { system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov', display: 'Healthcare Provider' },
        ],
        text: spec.kindText,
      },
    ],
    name: spec.name,
    alias: [spec.alias],
    telecom: [{ system: 'phone', value: spec.phone, use: 'work' }],
    address: [address],
  };
  const managingOrganization = { reference: `Organization/${organization.id}`, display: spec.alias };
  const building: Location & { id: string } = {
    resourceType: 'Location',
    id: demoUuid(seed, 'Location', key),
    status: 'active',
    name: spec.alias,
    mode: 'instance',
    physicalType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'bu', display: 'Building' }] },
    address,
    managingOrganization,
  };
  const rooms = Object.fromEntries(
    Object.entries(spec.rooms).map(([roomKey, name]) => {
      const ward = key === 'hospital' && roomKey !== 'theatre';
      const room: Location & { id: string } = {
        resourceType: 'Location',
        id: demoUuid(seed, 'Location', key, roomKey),
        status: 'active',
        name,
        mode: 'instance',
        physicalType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: ward ? 'wa' : 'ro', display: ward ? 'Ward' : 'Room' }] },
        managingOrganization,
        partOf: { reference: `Location/${building.id}`, display: spec.alias },
      };
      return [roomKey, room];
    }),
  );
  return { key, organization, building, rooms };
}
