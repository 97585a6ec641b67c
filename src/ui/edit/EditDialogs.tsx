// The dialogs of editing: why a file or link was refused, what else a deletion takes, the share link,
// and the keyboard help. Every text from a file is shown as text, never as markup.
import { type ReactNode, useEffect, useRef } from 'react';
import { useEditUi } from '../../store/edit-ui-store';
import { SHORTCUTS } from './shortcuts';
import { short } from './text';

function Modal({
  title,
  alert = false,
  children,
  testId,
}: {
  title: string;
  alert?: boolean;
  children: ReactNode;
  testId: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    box.current?.querySelector<HTMLElement>('[data-autofocus], button')?.focus();
    return () => before?.focus?.();
  }, []);
  const props = {
    className: 'modal',
    'aria-modal': true,
    'aria-label': title,
    ref: box,
    'data-testid': testId,
  };
  const inner = (
    <>
      <h2>{title}</h2>
      {children}
    </>
  );
  return (
    <div
      className="modal-backdrop"
      onPointerDown={(e) => e.target === e.currentTarget && useEditUi.getState().close()}
    >
      {alert ? (
        <div role="alertdialog" {...props}>
          {inner}
        </div>
      ) : (
        <div role="dialog" {...props}>
          {inner}
        </div>
      )}
    </div>
  );
}

const MAX_SHOWN = 20;

function ReportDialog() {
  const report = useEditUi((s) => s.report);
  if (!report) return null;
  const { errors } = report;
  return (
    <Modal title={report.title} alert testId="report-dialog">
      <p className="modal__outcome">{report.outcome}</p>
      <p>{errors.length === 1 ? 'What is wrong:' : `${errors.length} problems were found:`}</p>
      <ul className="error-list">
        {errors.slice(0, MAX_SHOWN).map((e, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: errors may repeat a path
          <li key={i}>
            {e.subject ? <strong>{e.subject} </strong> : null}
            <code>{e.path}</code>
            {e.value !== undefined ? <span className="error-list__value"> {short(e.value)}</span> : null}{' '}
            {e.message}
          </li>
        ))}
      </ul>
      {errors.length > MAX_SHOWN ? <p className="muted">…and {errors.length - MAX_SHOWN} more.</p> : null}
      <div className="modal__actions">
        <button type="button" data-autofocus onClick={() => useEditUi.getState().close()}>
          Close
        </button>
      </div>
    </Modal>
  );
}

function ConfirmDialog() {
  const confirm = useEditUi((s) => s.confirm);
  if (!confirm) return null;
  const { impact, target } = confirm;
  return (
    <Modal title={`Delete ${impact.what}?`} alert testId="confirm-delete">
      <p>This also removes or changes:</p>
      <ul className="impact-list">
        {impact.also.map((a) => (
          <li key={a}>{a}</li>
        ))}
      </ul>
      <p className="muted">You can undo it with Ctrl+Z.</p>
      <div className="modal__actions">
        <button type="button" data-autofocus onClick={() => useEditUi.getState().close()}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => void import('./actions').then((m) => m.confirmDelete(target))}
          data-testid="confirm-delete-yes"
        >
          Delete {impact.what}
        </button>
      </div>
    </Modal>
  );
}

function ShareDialog() {
  const share = useEditUi((s) => s.share);
  const input = useRef<HTMLInputElement>(null);
  if (!share) return null;
  const copy = async () => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(share.url);
      useEditUi.getState().close();
    } catch {
      // no clipboard access (an insecure page): the link stays selected for Ctrl+C
    }
  };
  return (
    <Modal title="Share this cloud as a link" testId="share-dialog">
      <p>The whole cloud is packed into the link. Whoever opens it gets a copy; your work stays yours.</p>
      <input
        ref={input}
        className="share-url"
        readOnly
        value={share.url}
        onFocus={(e) => e.target.select()}
        data-autofocus
        aria-label="Share link"
      />
      <p className="muted">{share.url.length.toLocaleString('en')} characters.</p>
      <div className="modal__actions">
        <button type="button" onClick={() => useEditUi.getState().close()}>
          Close
        </button>
        <button type="button" className="primary" onClick={() => void copy()}>
          Copy link
        </button>
      </div>
    </Modal>
  );
}

function HelpDialog() {
  const help = useEditUi((s) => s.help);
  if (!help) return null;
  return (
    <Modal title="Editing the cloud" testId="help-dialog">
      <ul className="help-guide">
        <li>
          Press <kbd>✎ Edit</kbd> (or <kbd>E</kbd>): a palette opens on the left.
        </li>
        <li>
          <b>Physical view</b>: drag hosts onto the canvas; drop a VM <b>onto a compute host</b>; drag a VM to
          another compute host to move it.
        </li>
        <li>
          <b>Logical view</b>: drag from the <span className="dot-sample" /> dot of a VM or router onto a
          network to connect them (a router on an external network gets its gateway there); from a floating IP
          onto a VM to associate it.
        </li>
        <li>
          Click anything to edit its properties in the left panel. A refused value is explained at the field.
        </li>
        <li>Every change can be undone. Your work is saved in this browser as you go.</li>
      </ul>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <th>
                <kbd>{s.keys}</kbd>
              </th>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="modal__actions">
        <button type="button" data-autofocus onClick={() => useEditUi.getState().setHelp(false)}>
          Close
        </button>
      </div>
    </Modal>
  );
}

export function EditDialogs() {
  return (
    <>
      <ReportDialog />
      <ConfirmDialog />
      <ShareDialog />
      <HelpDialog />
    </>
  );
}
