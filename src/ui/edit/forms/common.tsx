// Pieces shared by the property forms: the card with its title and Delete button, and the edit call.
import type { ReactNode } from 'react';
import type { TopologyError } from '../../../sim';
import { type EditOp, useApp } from '../../../store/app-store';
import type { EditTarget } from '../../../store/edit-delete';
import { requestDelete } from '../actions';
import { type Commit, SelectField } from './fields';

/** One undoable edit; resolves to the core's errors when refused. */
export const edit = (label: string, op: EditOp): Promise<TopologyError[] | null> =>
  useApp.getState().edit(label, op);

export function FormCard({
  kind,
  title,
  target,
  children,
  testId,
}: {
  kind: string;
  title: string;
  target?: EditTarget;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section className="form-card" data-testid={testId}>
      <header className="form-card__head">
        <span className="form-card__kind">{kind}</span>
        {/* the edit panel's headings start at h2, under the page's h1 */}
        <h2 className="form-card__title">{title}</h2>
        {target ? (
          <button
            type="button"
            className="icon-button danger"
            title={`Delete ${kind.toLowerCase()} ${title} (Del)`}
            aria-label={`Delete ${kind.toLowerCase()} ${title}`}
            onClick={() => void requestDelete(target)}
          >
            Delete
          </button>
        ) : null}
      </header>
      <div className="form-card__body">{children}</div>
    </section>
  );
}

export function SubHead({ children }: { children: ReactNode }) {
  return <h3 className="form-subhead">{children}</h3>;
}

export const identity = (s: string) => s;

/** The Project select every owned resource has (network, router, server, floating IP). */
export function ProjectField({
  value,
  paths,
  onCommit,
}: {
  value: string;
  paths: string[];
  onCommit: Commit<string>;
}) {
  const projects = useApp((s) => s.doc?.projects);
  return (
    <SelectField
      label="Project"
      value={value}
      options={(projects ?? []).map((x) => ({ value: x.id, label: x.name }))}
      paths={paths}
      onCommit={onCommit}
    />
  );
}
