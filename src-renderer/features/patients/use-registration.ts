import { useCallback, useState } from 'react';
import type { LookupRegisterOutput, PatientSummary, RegisterPatientInput } from '../../../shared/api/patients.js';
import { checkPersonalNumber, normalizePersonalNumber } from '../../../shared/domain/personal-number.js';
import { api } from '../../api/client.js';
import { errorCode } from '../../lib/use-api.js';

export type NumberCheck = { state: 'empty' } | { state: 'typing' } | { state: 'bad'; problem: string } | { state: 'ok'; value: string; birthDate: string; sex: 'male' | 'female' };

/** The check digit is verified here as the registrar types, with the same rule main applies again. */
export function checkNumber(raw: string): NumberCheck {
  const value = normalizePersonalNumber(raw);
  if (!value) return { state: 'empty' };
  // Shorter than 14 is still being typed, not a mistake.
  if (value.length < 14) return { state: 'typing' };
  const check = checkPersonalNumber(value);
  return check.ok ? { state: 'ok', value, birthDate: check.parsed.birthDate, sex: check.parsed.sex } : { state: 'bad', problem: check.problem };
}

export function useRegistration() {
  const [lookup, setLookup] = useState<LookupRegisterOutput | { status: 'idle' } | { status: 'looking' }>({ status: 'idle' });
  const [saved, setSaved] = useState<{ patient: PatientSummary; registerCheck: 'confirmed' | 'pending' } | null>(null);
  const [error, setError] = useState<{ code: string; field?: string } | null>(null);
  const [saving, setSaving] = useState(false);

  const look = useCallback(async (personalNumber: string) => {
    setError(null);
    setLookup({ status: 'looking' });
    try {
      setLookup(await api.patients.lookupRegister({ personalNumber }));
    } catch (e) {
      setLookup({ status: 'idle' });
      setError({ code: errorCode(e) });
    }
  }, []);

  const save = useCallback(async (input: RegisterPatientInput) => {
    setSaving(true);
    setError(null);
    try {
      setSaved(await api.patients.register(input));
    } catch (e) {
      setError({ code: errorCode(e) });
    } finally {
      setSaving(false);
    }
  }, []);

  const reset = useCallback(() => {
    setLookup({ status: 'idle' });
    setSaved(null);
    setError(null);
  }, []);

  return { lookup, look, save, saving, saved, error, reset };
}
