-- Sync with workstations (src-server/sync/): exactly-once push, and the scope each one pulls.

-- One row per sync client (a workstation; its id is the enrolled device's id). `last_mutation_id`
-- is advanced in the same transaction as the mutation's effect, which is what makes a retried push
-- change nothing twice. `scope_generation` counts changes of the client's scope (sync_scope_member).
CREATE TABLE sync_client (
  client_id         text PRIMARY KEY,
  organization_id   text NOT NULL,
  last_mutation_id  bigint NOT NULL DEFAULT 0,
  scope_generation  bigint NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL,
  last_push_at      timestamptz,
  last_pull_at      timestamptz
);

-- The answer given to every mutation, so a duplicate (a retry after a lost response, a push
-- replayed by the network) is answered from here instead of being applied again.
CREATE TABLE sync_mutation_result (
  client_id    text NOT NULL,
  mutation_id  bigint NOT NULL,
  result       jsonb NOT NULL,
  recorded_at  timestamptz NOT NULL,
  PRIMARY KEY (client_id, mutation_id)
);
CREATE INDEX sync_mutation_result_recorded_idx ON sync_mutation_result (recorded_at);

-- What a client's scope holds. A row with resource_type 'Patient' stands for the patient's whole
-- compartment (the working set); any other row is one directory or scheduling resource. A member
-- entered at `entered_gen`; `left_gen` is set when it left (kept so a client that has not yet
-- pulled that generation still learns of it).
CREATE TABLE sync_scope_member (
  client_id     text NOT NULL,
  resource_type text NOT NULL,
  id            text NOT NULL,
  entered_gen   bigint NOT NULL,
  left_gen      bigint,
  PRIMARY KEY (client_id, resource_type, id)
);
CREATE INDEX sync_scope_member_entered_idx ON sync_scope_member (client_id, entered_gen) WHERE left_gen IS NULL;
CREATE INDEX sync_scope_member_left_idx ON sync_scope_member (client_id, left_gen) WHERE left_gen IS NOT NULL;
CREATE INDEX sync_scope_member_patient_idx ON sync_scope_member (id, client_id) WHERE resource_type = 'Patient' AND left_gen IS NULL;

-- Patients a workstation asked to keep (opened on demand, prepared for a visit) until a date.
CREATE TABLE sync_pin (
  client_id   text NOT NULL,
  patient_id  text NOT NULL,
  until       timestamptz NOT NULL,
  reason      text NOT NULL,
  pinned_by   text NOT NULL,
  PRIMARY KEY (client_id, patient_id)
);

-- The scope is computed from resource content; these indexes keep that to index lookups.
CREATE INDEX resource_managing_org_idx ON resource ((content->'managingOrganization'->>'reference'))
  WHERE resource_type IN ('Location', 'Patient') AND NOT deleted;
CREATE INDEX resource_role_org_idx ON resource ((content->'organization'->>'reference'))
  WHERE resource_type = 'PractitionerRole' AND NOT deleted;
CREATE INDEX resource_slot_schedule_idx ON resource ((content->'schedule'->>'reference'))
  WHERE resource_type = 'Slot' AND NOT deleted;
CREATE INDEX resource_appointment_slot_idx ON resource ((content->'slot'->0->>'reference'))
  WHERE resource_type = 'Appointment' AND NOT deleted;
CREATE INDEX resource_encounter_provider_idx ON resource ((content->'serviceProvider'->>'reference'))
  WHERE resource_type = 'Encounter' AND NOT deleted;
CREATE INDEX resource_patient_gp_idx ON resource USING gin ((content->'generalPractitioner') jsonb_path_ops)
  WHERE resource_type = 'Patient' AND NOT deleted;
