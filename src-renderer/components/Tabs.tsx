import type { KeyboardEvent, ReactNode } from 'react';
import { useRef } from 'react';

export interface TabSpec<K extends string> {
  key: K;
  label: ReactNode;
}

/**
 * WAI-ARIA tabs: one tab stop, arrow keys (and Home/End) move between tabs, the panel is labelled
 * by its tab. The chart's sections use it, so a doctor can move through them without a mouse.
 */
export function Tabs<K extends string>(props: { label: string; tabs: readonly TabSpec<K>[]; active: K; onChange: (key: K) => void; idPrefix: string; children: ReactNode }) {
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const index = props.tabs.findIndex((tab) => tab.key === props.active);
  const move = (to: number) => {
    const tab = props.tabs[(to + props.tabs.length) % props.tabs.length]!;
    props.onChange(tab.key);
    refs.current.get(tab.key)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowRight') move(index + 1);
    else if (event.key === 'ArrowLeft') move(index - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(props.tabs.length - 1);
    else return;
    event.preventDefault();
  };
  return (
    <div className="tabs">
      <div role="tablist" aria-label={props.label} className="tab-list" onKeyDown={onKeyDown}>
        {props.tabs.map((tab) => {
          const selected = tab.key === props.active;
          return (
            <button
              key={tab.key}
              ref={(node) => {
                if (node) refs.current.set(tab.key, node);
              }}
              type="button"
              role="tab"
              id={`${props.idPrefix}-tab-${tab.key}`}
              aria-selected={selected}
              aria-controls={`${props.idPrefix}-panel`}
              tabIndex={selected ? 0 : -1}
              onClick={() => props.onChange(tab.key)}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`${props.idPrefix}-panel`} aria-labelledby={`${props.idPrefix}-tab-${props.active}`} className="tab-panel">
        {props.children}
      </div>
    </div>
  );
}
