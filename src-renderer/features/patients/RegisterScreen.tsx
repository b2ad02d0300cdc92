import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegisterPatientInput } from '../../../shared/api/patients.js';
import { DateField } from '../../components/DateField.js';
import { Box } from '../../components/Panel.js';
import { fullName } from '../../components/RecordBadge.js';
import { formatDate, formatPersonalNumber } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';
import { checkNumber, useRegistration } from './use-registration.js';

const EMPTY = { family: '', given: '', patronymic: '', birthDate: '', sex: 'unknown' as RegisterPatientInput['sex'], address: '', phone: '' };

export function RegisterScreen() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const go = useAppStore((s) => s.go);
  const [number, setNumber] = useState('');
  const [form, setForm] = useState(EMPTY);
  const { lookup, look, save, saving, saved, error, reset } = useRegistration();
  const check = checkNumber(number);

  // What the register knows fills the form; what the number itself says fills birth date and sex.
  useEffect(() => {
    if (lookup.status === 'found') {
      const p = lookup.person;
      setForm({ family: p.family, given: p.given, patronymic: p.patronymic ?? '', birthDate: p.birthDate, sex: p.sex, address: p.address ?? '', phone: '' });
    } else if ((lookup.status === 'not-found' || lookup.status === 'offline') && check.state === 'ok') {
      setForm((f) => ({ ...f, birthDate: f.birthDate || check.birthDate, sex: f.sex === 'unknown' ? check.sex : f.sex }));
    }
  }, [lookup]);

  const set = (field: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));
  const onLookup = (event: FormEvent) => {
    event.preventDefault();
    if (check.state === 'ok') void look(check.value);
  };
  const onSave = (event: FormEvent) => {
    event.preventDefault();
    if (check.state !== 'ok') return;
    void save({
      personalNumber: check.value,
      family: form.family,
      given: form.given,
      patronymic: form.patronymic || undefined,
      birthDate: form.birthDate,
      sex: form.sex,
      address: form.address || undefined,
      phone: form.phone || undefined,
    });
  };

  if (saved) {
    return (
      <div className="screen narrow">
        <h1>{t('register.title')}</h1>
        <Box title={t('register.done')}>
          <p role="status">
            {t('register.savedAs', { name: fullName(saved.patient), number: formatPersonalNumber(saved.patient.personalNumber) })}
          </p>
          <p className="muted">{saved.registerCheck === 'confirmed' ? t('register.confirmed') : t('register.pendingCheck')}</p>
          <div className="row">
            <button type="button" className="primary" onClick={() => { reset(); setNumber(''); setForm(EMPTY); }}>
              {t('register.another')}
            </button>
            <button type="button" onClick={() => go({ name: 'search' })}>
              {t('nav.search')}
            </button>
          </div>
        </Box>
      </div>
    );
  }

  const showForm = lookup.status === 'found' || lookup.status === 'not-found' || lookup.status === 'offline';
  return (
    <div className="screen narrow">
      <h1>{t('register.title')}</h1>
      <Box title={t('register.step1')}>
        <form className="row align-end" onSubmit={onLookup}>
          <label className="grow">
            {t('patient.personalNumber')}
            <input
              autoFocus
              className="mono"
              value={number}
              maxLength={20}
              onChange={(e) => {
                setNumber(e.target.value);
                reset();
              }}
              aria-invalid={check.state === 'bad'}
              aria-describedby="number-check"
            />
          </label>
          <button type="submit" className="primary" disabled={check.state !== 'ok' || lookup.status === 'looking'}>
            {t('register.lookup')}
          </button>
        </form>
        <p id="number-check" className={check.state === 'bad' ? 'form-error' : 'muted small'}>
          {check.state === 'bad' ? t(`register.numberProblems.${check.problem}`) : check.state === 'ok' ? t('register.numberOk', { date: formatDate(check.birthDate, language), sex: t(`sex.${check.sex}`) }) : t('register.numberHelp')}
        </p>
        {lookup.status === 'looking' ? <p aria-busy="true">{t('register.looking')}</p> : null}
        {lookup.status === 'not-found' ? <p role="status" className="notice">{t('register.notFound')}</p> : null}
        {lookup.status === 'offline' ? <p role="status" className="notice">{t('register.offline')}</p> : null}
        {lookup.status === 'found' ? <p role="status" className="notice ok">{t('register.found')}</p> : null}
        {lookup.status === 'already-registered' ? (
          <p role="alert" className="notice warn">
            {t('register.already', { name: fullName(lookup.patient) })}{' '}
            <button type="button" className="link" onClick={() => go({ name: 'chart', patientId: lookup.patient.id })}>
              {t('register.openChart')}
            </button>
          </p>
        ) : null}
        {error ? <p role="alert" className="form-error">{t(`errors.${error.code}`)}</p> : null}
      </Box>
      {showForm ? (
        <Box title={t('register.step2')}>
          <form className="form-grid" onSubmit={onSave}>
            <label>{t('patient.family')}<input required value={form.family} onChange={set('family')} /></label>
            <label>{t('patient.given')}<input required value={form.given} onChange={set('given')} /></label>
            <label>{t('patient.patronymic')}<input value={form.patronymic} onChange={set('patronymic')} /></label>
            <DateField label={t('patient.birthDate')} required value={form.birthDate} onChange={(birthDate) => setForm((f) => ({ ...f, birthDate }))} />
            <label>
              {t('patient.sex')}
              <select value={form.sex} onChange={set('sex')}>
                {(['female', 'male', 'other', 'unknown'] as const).map((s) => (
                  <option key={s} value={s}>{t(`sex.${s}`)}</option>
                ))}
              </select>
            </label>
            <label>{t('patient.phone')}<input type="tel" value={form.phone} onChange={set('phone')} /></label>
            <label className="span-2">{t('patient.address')}<input value={form.address} onChange={set('address')} /></label>
            <div className="span-2 row">
              <button type="submit" className="primary" disabled={saving}>{t('register.save')}</button>
            </div>
          </form>
        </Box>
      ) : null}
    </div>
  );
}
