import type { Messages } from '../messages.js';

/**
 * Central's generic refusals (shared/fhir/refusal-codes.ts GENERIC_REFUSALS) in each language, the
 * `refusals` group; sick-leave rules and booking refusals keep their words where their screens have
 * them (sickLeave.rule, schedule.refusal.code). features/sync/refusal-text.ts picks the key.
 */
export const REFUSAL_MESSAGES: Record<'ru' | 'be' | 'en', Messages> = {
  ru: {
    invalid: 'Центральная система не приняла данные: они заполнены неверно.',
    login: 'Нужно войти снова: сеанс закончился.',
    forbidden: 'Вашей роли это не разрешено.',
    'outside-scope': 'Пациент не относится к вашей поликлинике: сначала откройте его карту с указанием причины (экстренный доступ).',
    'not-found': 'В центральной системе такой записи нет.',
    deleted: 'Запись удалена в центральной системе.',
    conflict: 'Запись расходится с центральной системой: её изменили или создали в другом месте.',
    throttled: 'Слишком много попыток: попробуйте позже.',
    centralWords: 'Ответ центральной системы',
  },
  be: {
    invalid: 'Цэнтральная сістэма не прыняла даныя: яны запоўнены няправільна.',
    login: 'Трэба ўвайсці зноў: сеанс скончыўся.',
    forbidden: 'Вашай ролі гэта не дазволена.',
    'outside-scope': 'Пацыент не належыць да вашай паліклінікі: спачатку адкрыйце яго картку з указаннем прычыны (экстранны доступ).',
    'not-found': 'У цэнтральнай сістэме такога запісу няма.',
    deleted: 'Запіс выдалены ў цэнтральнай сістэме.',
    conflict: 'Запіс разыходзіцца з цэнтральнай сістэмай: яго змянілі або стварылі ў іншым месцы.',
    throttled: 'Занадта шмат спроб: паспрабуйце пазней.',
    centralWords: 'Адказ цэнтральнай сістэмы',
  },
  en: {
    invalid: 'Central did not accept the data: something in it is filled in wrongly.',
    login: 'Log in again: the session has ended.',
    forbidden: 'Your role is not allowed to do this.',
    'outside-scope': 'The patient is outside your clinic: open their record with a stated reason (emergency access) first.',
    'not-found': 'Central has no such record.',
    deleted: 'The record was deleted at Central.',
    conflict: 'The record differs from Central’s: it was changed or created elsewhere.',
    throttled: 'Too many attempts: try again later.',
    centralWords: 'Central’s answer',
  },
};
