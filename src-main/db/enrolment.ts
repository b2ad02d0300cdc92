import type { SqliteDatabase } from './open.js';

/** This workstation's identity at Central, from the day a clinic administrator enrolled it. */
export interface Enrolment {
  deviceId: string;
  deviceSecret: string;
  organizationId: string;
  organizationName: string;
  display: string;
  centralUrl: string;
  enrolledAt: string;
  enrolledBy: string;
}

interface Row {
  device_id: string;
  device_secret: string;
  organization_id: string;
  organization_name: string;
  display: string;
  central_url: string;
  enrolled_at: string;
  enrolled_by: string;
}

export class EnrolmentRepository {
  private readonly select;
  private readonly insert;

  constructor(db: SqliteDatabase) {
    this.select = db.prepare<[], Row>('SELECT * FROM enrolment WHERE id = 1');
    this.insert = db.prepare<Row>(
      `INSERT INTO enrolment (id, device_id, device_secret, organization_id, organization_name, display, central_url, enrolled_at, enrolled_by)
       VALUES (1, @device_id, @device_secret, @organization_id, @organization_name, @display, @central_url, @enrolled_at, @enrolled_by)`,
    );
  }

  get(): Enrolment | null {
    const row = this.select.get();
    if (!row) return null;
    return {
      deviceId: row.device_id,
      deviceSecret: row.device_secret,
      organizationId: row.organization_id,
      organizationName: row.organization_name,
      display: row.display,
      centralUrl: row.central_url,
      enrolledAt: row.enrolled_at,
      enrolledBy: row.enrolled_by,
    };
  }

  /** A workstation is enrolled once: its data belongs to that clinic and its sync client id is the device id. */
  save(e: Enrolment): void {
    if (this.get()) throw new Error('This workstation is already enrolled');
    this.insert.run({
      device_id: e.deviceId,
      device_secret: e.deviceSecret,
      organization_id: e.organizationId,
      organization_name: e.organizationName,
      display: e.display,
      central_url: e.centralUrl,
      enrolled_at: e.enrolledAt,
      enrolled_by: e.enrolledBy,
    });
  }
}
