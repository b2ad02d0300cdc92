import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';

/**
 * A modal dialog: labelled by its title, focus moved into it on opening and given back on closing,
 * Escape closes it, Tab stays inside. `role="alertdialog"` for what must be answered (a refusal).
 */
export function Dialog(props: { title: string; onClose: () => void; children: ReactNode; role?: 'dialog' | 'alertdialog'; className?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = box.current?.querySelector<HTMLElement>('[autofocus], input, select, textarea, button');
    first?.focus();
    return () => before?.focus?.();
  }, []);
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose.current();
      return;
    }
    if (event.key !== 'Tab' || !box.current) return;
    const focusable = [...box.current.querySelectorAll<HTMLElement>('input, select, textarea, button, a[href], [tabindex="0"]')].filter((el) => !el.hasAttribute('disabled'));
    const [first, last] = [focusable[0], focusable.at(-1)];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  };
  const titleId = `dialog-${props.title.replace(/[^\p{L}\p{N}]+/gu, '-')}`;
  return (
    <div className="dialog-backdrop">
      <div ref={box} className={`dialog ${props.className ?? ''}`} role={props.role ?? 'dialog'} aria-modal="true" aria-labelledby={titleId} onKeyDown={onKeyDown}>
        <h2 id={titleId}>{props.title}</h2>
        {props.children}
      </div>
    </div>
  );
}
