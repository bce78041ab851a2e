import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The list of keyboard shortcuts, opened with "?" or its button; Escape closes it. */
export function ShortcutsHelp({ open, onClose }: { readonly open: boolean; readonly onClose: () => void }): ReactNode {
  const { t } = useTranslation();
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const rows: readonly (readonly [string, string])[] = [
    ['j', t('workspace.shortcuts.next')],
    ['k', t('workspace.shortcuts.previous')],
    ['r', t('workspace.shortcuts.reply')],
    ['n', t('workspace.shortcuts.note')],
    ['a', t('workspace.shortcuts.assign')],
    ['e', t('workspace.shortcuts.resolve')],
    ['/', t('workspace.shortcuts.search')],
    ['Ctrl+Enter', t('workspace.shortcuts.send')],
    ['?', t('workspace.shortcuts.help')],
    ['Esc', t('workspace.shortcuts.escape')],
  ];

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby="shortcuts-heading"
      data-testid="shortcuts-help"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id="shortcuts-heading">{t('workspace.shortcuts.heading')}</h2>
      <dl className="shortcut-list">
        {rows.map(([key, label]) => (
          <div key={key} className="shortcut-list__row">
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{label}</dd>
          </div>
        ))}
      </dl>
      <div className="button-row">
        <button type="button" className="button" onClick={onClose} autoFocus>
          {t('workspace.shortcuts.close')}
        </button>
      </div>
    </dialog>
  );
}
