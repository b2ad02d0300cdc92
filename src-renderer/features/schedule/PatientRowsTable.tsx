import type { ReactNode } from 'react';

/**
 * The schedule's lists of patients to call and book (who is due a preventive examination, whose
 * booking must be rebooked): one row per patient with their name, phone and what the list says,
 * and the action that books them in the last column.
 */
export interface PatientRowColumn<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: 'num' | 'nowrap';
}

export function PatientRowsTable<T>(props: { rows: readonly T[]; rowKey: (row: T) => string; columns: readonly PatientRowColumn<T>[]; action: { header?: string; cell: (row: T) => ReactNode } }) {
  return (
    <table className="grid">
      <thead>
        <tr>
          {props.columns.map((column) => (
            <th key={column.header} className={column.className === 'num' ? 'num' : undefined}>
              {column.header}
            </th>
          ))}
          <th>{props.action.header}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={props.rowKey(row)}>
            {props.columns.map((column) => (
              <td key={column.header} className={column.className}>
                {column.cell(row)}
              </td>
            ))}
            <td className="nowrap">{props.action.cell(row)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The patient's name, with what the list says about them in small type beneath. */
export function patientNameColumn<T>(header: string, patient: (row: T) => { name: string }, note?: (row: T) => ReactNode): PatientRowColumn<T> {
  return {
    header,
    cell: (row) => (
      <>
        {patient(row).name}
        {note ? <div className="muted small">{note(row)}</div> : null}
      </>
    ),
  };
}

/** The number to call; a dash when the record has none. */
export function patientPhoneColumn<T>(header: string, patient: (row: T) => { phone: string | null }): PatientRowColumn<T> {
  return { header, cell: (row) => patient(row).phone ?? '—', className: 'nowrap' };
}
