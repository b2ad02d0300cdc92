/**
 * Imaging and functional studies with the conclusions their doctors write. LOINC where the code
 * is certain; fluorography (a screening chest X-ray particular to the region) by our own code.
 */
export const STUDY_SYSTEM = 'https://medkarta.by/fhir/CodeSystem/study';
const LOINC = 'http://loinc.org';
const V2_0074 = 'http://terminology.hl7.org/CodeSystem/v2-0074';

export interface StudySpec {
  coding: { system: string; code: string; display: string };
  title: string;
  /** DiagnosticReport.category (HL7 v2 table 0074). */
  section: { code: string; display: string };
  normal: readonly string[];
  abnormal: readonly string[];
}

const RADIOLOGY = { code: 'RAD', display: 'Radiology' };

export const STUDIES = {
  fluorography: {
    coding: { system: STUDY_SYSTEM, code: 'fluorography', display: 'Флюорография органов грудной клетки' },
    title: 'Флюорография органов грудной клетки',
    section: RADIOLOGY,
    normal: ['Лёгочные поля без очаговых и инфильтративных теней. Корни структурны. Синусы свободны. Сердце не расширено.'],
    abnormal: ['Усиление лёгочного рисунка в прикорневых отделах. Корни уплотнены. Рекомендована рентгенография в двух проекциях.'],
  },
  chestXray: {
    coding: { system: LOINC, code: '36643-5', display: 'XR Chest 2 Views' },
    title: 'Рентгенография органов грудной клетки в двух проекциях',
    section: RADIOLOGY,
    normal: ['Очаговых и инфильтративных изменений в лёгких не выявлено. Сердце и аорта без особенностей.'],
    abnormal: ['Инфильтрация лёгочной ткани в нижней доле правого лёгкого. Заключение: правосторонняя нижнедолевая пневмония.'],
  },
  abdomenUltrasound: {
    coding: { system: LOINC, code: '24558-9', display: 'US Abdomen' },
    title: 'УЗИ органов брюшной полости',
    section: { code: 'RUS', display: 'Radiology ultrasound' },
    normal: ['Печень не увеличена, контуры ровные, эхоструктура однородная. Желчный пузырь без конкрементов. Поджелудочная железа, селезёнка без особенностей.'],
    abnormal: [
      'Печень увеличена за счёт правой доли, эхогенность диффузно повышена. Заключение: эхопризнаки жирового гепатоза.',
      'В просвете желчного пузыря конкременты до 12 мм. Заключение: желчнокаменная болезнь.',
    ],
  },
  ecg: {
    coding: { system: LOINC, code: '11524-6', display: 'EKG study' },
    title: 'Электрокардиография',
    section: { code: 'EC', display: 'Electrocardiac (e.g., EKG, EEC, Holter)' },
    normal: ['Ритм синусовый, ЧСС 72 в минуту. Нормальное положение электрической оси сердца. Патологических изменений не выявлено.'],
    abnormal: [
      'Ритм синусовый, ЧСС 78 в минуту. Признаки гипертрофии миокарда левого желудочка.',
      'Фибрилляция предсердий, ЧСЖ 84 в минуту. Отклонение электрической оси сердца влево.',
    ],
  },
  mammography: {
    coding: { system: LOINC, code: '24606-6', display: 'MG Breast Screening' },
    title: 'Маммография (скрининг)',
    section: RADIOLOGY,
    normal: ['Молочные железы с возрастной инволюцией. Очаговых образований и патологических микрокальцинатов не выявлено. BI-RADS 1.'],
    abnormal: ['Фиброзно-кистозная мастопатия. Очаговых образований не выявлено. BI-RADS 2.'],
  },
  chestCt: {
    coding: { system: LOINC, code: '24627-2', display: 'CT Chest' },
    title: 'Компьютерная томография органов грудной клетки',
    section: RADIOLOGY,
    normal: ['Патологических изменений органов грудной клетки не выявлено.'],
    abnormal: ['Участки уплотнения лёгочной ткани по типу «матового стекла» в нижних долях обоих лёгких, объём поражения около 25% (КТ-1).'],
  },
} as const satisfies Record<string, StudySpec>;

export type StudyKey = keyof typeof STUDIES;
export const STUDY_CATEGORY_SYSTEM = V2_0074;
