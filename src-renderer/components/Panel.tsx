import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Query } from '../lib/use-api.js';
import { errorCode } from '../lib/use-api.js';

/**
 * Exactly one of loading, error, empty or data for a query, without a frame: screens whose data
 * is the whole screen (the chart) use it directly, panels wrap it.
 */
export function QueryView<T>(props: { query: Query<T>; isEmpty?: (data: T) => boolean; empty?: ReactNode; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  const { query } = props;
  if (query.state === 'error' && query.data === undefined) {
    return (
      <div className="panel-state panel-error" role="alert">
        {t(`errors.${errorCode(query.error)}`)}{' '}
        <button type="button" className="link" onClick={query.reload}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (query.data === undefined) return <div className="panel-state" aria-busy="true">{t('common.loading')}</div>;
  if (props.isEmpty?.(query.data)) return <div className="panel-state panel-empty">{props.empty ?? t('common.empty')}</div>;
  return <>{props.children(query.data)}</>;
}

/**
 * A titled panel that shows exactly one of loading, error, empty or data. Every panel goes through
 * it so no screen can forget a state.
 */
export function Panel<T>(props: {
  title: ReactNode;
  query: Query<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  actions?: ReactNode;
  className?: string;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const { query } = props;
  return (
    <section className={`panel ${props.className ?? ''}`} aria-label={typeof props.title === 'string' ? props.title : undefined}>
      <header className="panel-head">
        <h2>{props.title}</h2>
        {query.state === 'loading' && query.data !== undefined ? <span className="muted small">{t('common.updating')}</span> : null}
        {props.actions}
      </header>
      <div className="panel-body">
        <QueryView query={query} isEmpty={props.isEmpty} empty={props.empty}>
          {props.children}
        </QueryView>
      </div>
    </section>
  );
}

/** A static panel (no query), for forms. */
export function Box(props: { title: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`panel ${props.className ?? ''}`} aria-label={typeof props.title === 'string' ? props.title : undefined}>
      <header className="panel-head">
        <h2>{props.title}</h2>
      </header>
      <div className="panel-body">{props.children}</div>
    </section>
  );
}
