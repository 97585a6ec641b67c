// The editing panel on the left: the palette of things to drag onto the canvas, the form of the
// selected thing, and the cloud's own settings (options, projects, security groups). Loaded with the
// first use of edit mode.
import { useApp } from '../../store/app-store';
import { addFromPalette, PALETTE } from './actions';
import { EditCommandField } from './EditCommand';
import { CloudForm } from './forms/CloudForm';
import { GroupsForm } from './forms/GroupsForm';
import { SelectionForm } from './forms/SelectionForm';
import { DRAG_KIND, DRAG_MIME } from './palette-drag';

const HINT = {
  physical: 'Drop hosts anywhere, a VM onto a compute host. Drag a VM to another host to move it.',
  logical: 'Drag from a ● dot onto a network to connect a VM or a router; from a floating IP onto a VM.',
} as const;

function Palette() {
  const viewMode = useApp((s) => s.viewMode);
  const projects = useApp((s) => s.doc?.projects);
  const current = useApp((s) => s.editProject);
  return (
    <section className="palette" aria-label="Palette">
      <div className="palette__items">
        {PALETTE.map((p) => (
          <button
            type="button"
            key={p.kind}
            className={`palette__item palette__item--${p.kind}`}
            draggable
            title={`${p.label}: ${p.hint}. Drag onto the canvas, or click to add it next to what is selected.`}
            onClick={() => void addFromPalette(p.kind)}
            data-testid={`palette-${p.kind}`}
            onDragStart={(e) => {
              e.dataTransfer.setData(DRAG_MIME, p.kind);
              e.dataTransfer.setData(`${DRAG_KIND}${p.kind}`, '1');
              e.dataTransfer.effectAllowed = 'copy';
            }}
          >
            <span className="palette__icon" aria-hidden>
              {p.icon}
            </span>
            <span className="palette__label">{p.label}</span>
          </button>
        ))}
      </div>
      <p className="palette__hint">{HINT[viewMode]}</p>
      <EditCommandField />
      {projects && projects.length > 1 ? (
        <label className="palette__project">
          New resources go to{' '}
          <select
            value={current ?? projects[0]!.id}
            onChange={(e) => useApp.getState().setEditProject(e.target.value)}
          >
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </section>
  );
}

export default function EditPanel() {
  return (
    <aside className="edit-panel" aria-label="Edit the cloud" data-testid="edit-panel">
      <Palette />
      <div className="edit-panel__scroll">
        <SelectionForm />
        <details className="edit-section">
          <summary>Cloud settings and projects</summary>
          <CloudForm />
        </details>
        <details className="edit-section">
          <summary>Security groups</summary>
          <GroupsForm />
        </details>
      </div>
    </aside>
  );
}
