// The editing controls of the top bar: the File and Edit menus (new, open, save, share, export; undo,
// redo, delete), undo and redo buttons, the Edit mode switch and the keyboard help. Also mounts the
// dialogs of editing and its keyboard shortcuts.
import './edit.css';
import { useCallback, useRef } from 'react';
import { MAX_HISTORY, useApp } from '../../store/app-store';
import { useEditUi } from '../../store/edit-ui-store';
import { EditDialogs } from './EditDialogs';
import {
  DEFAULT_EXAMPLE,
  EXAMPLE_LIST,
  exportImage,
  newFrom,
  openFile,
  saveFile,
  shareLink,
} from './file-actions';
import { ImportDialog } from './ImportDialog';
import { Menu, type MenuEntry } from './Menu';
import { deleteSelected, useEditShortcuts } from './shortcuts';
import { installEditing } from './wiring';

installEditing();

/** How many undo steps are kept, and which go when there are too many (autosave.ts keeps them in check). */
const kept = (n: number) =>
  `${n} undo step${n === 1 ? '' : 's'} kept (at most ${MAX_HISTORY}; when there are too many, the oldest go first).`;

export function FileMenu() {
  const editMode = useApp((s) => s.editMode);
  const undoLabel = useApp((s) => s.past.at(-1)?.label ?? null);
  const redoLabel = useApp((s) => s.future.at(-1)?.label ?? null);
  const undoSteps = useApp((s) => s.past.length);
  const hasSelection = useApp((s) => s.selection !== null);
  const input = useRef<HTMLInputElement>(null);
  const pick = useCallback(() => input.current?.click(), []);
  useEditShortcuts(pick);
  const { undo, redo, setEditMode } = useApp.getState();
  const file: MenuEntry[] = [
    { heading: 'New from' },
    { label: 'The default scenario', onSelect: () => void newFrom(DEFAULT_EXAMPLE), testId: 'new-default' },
    { label: 'An empty cloud', onSelect: () => void newFrom('empty'), testId: 'new-empty' },
    ...EXAMPLE_LIST.map((x) => ({
      label: `Example: ${x.title}`,
      onSelect: () => void newFrom(x.id),
      testId: `new-${x.id}`,
    })),
    'separator',
    { label: 'Open file…', hint: 'Ctrl+O', onSelect: pick, testId: 'open-file' },
    {
      label: 'Import a cloud…',
      onSelect: () => useEditUi.getState().setImport({ busy: false, result: null }),
      testId: 'import-cloud',
    },
    { label: 'Save as file', hint: 'Ctrl+S', onSelect: saveFile, testId: 'save-file' },
    { label: 'Share as link…', onSelect: shareLink, testId: 'share-link' },
    'separator',
    { label: 'Export canvas as PNG', onSelect: () => void exportImage('png'), testId: 'export-png' },
    { label: 'Export canvas as SVG', onSelect: () => void exportImage('svg'), testId: 'export-svg' },
  ];
  const edit: MenuEntry[] = [
    {
      label: undoLabel ? `Undo ${undoLabel}` : 'Undo',
      hint: 'Ctrl+Z',
      disabled: !undoLabel,
      onSelect: () => void undo(),
    },
    {
      label: redoLabel ? `Redo ${redoLabel}` : 'Redo',
      hint: 'Ctrl+Y',
      disabled: !redoLabel,
      onSelect: () => void redo(),
    },
    'separator',
    {
      label: 'Delete selected',
      hint: 'Del',
      disabled: !hasSelection,
      onSelect: () => void deleteSelected(),
      testId: 'delete-selected',
    },
    { label: editMode ? 'Leave edit mode' : 'Edit mode', hint: 'E', onSelect: () => setEditMode(!editMode) },
    { label: 'Keyboard shortcuts', hint: '?', onSelect: () => useEditUi.getState().setHelp(true) },
  ];
  return (
    <>
      <div className="file-menu" data-chrome="edit">
        <Menu label="File" title="New, open, save, share, export" entries={file} testId="file-menu" />
        <Menu label="Edit" title="Undo, redo, delete" entries={edit} testId="edit-menu" />
        <span className="file-menu__history">
          <button
            type="button"
            onClick={() => void undo()}
            disabled={!undoLabel}
            title={undoLabel ? `Undo ${undoLabel} (Ctrl+Z). ${kept(undoSteps)}` : 'Nothing to undo'}
            aria-label="Undo"
            data-testid="undo"
          >
            ↶
          </button>
          <button
            type="button"
            onClick={() => void redo()}
            disabled={!redoLabel}
            title={redoLabel ? `Redo ${redoLabel} (Ctrl+Y)` : 'Nothing to redo'}
            aria-label="Redo"
            data-testid="redo"
          >
            ↷
          </button>
        </span>
        <button
          type="button"
          className={`edit-toggle${editMode ? ' on' : ''}`}
          aria-pressed={editMode}
          onClick={() => setEditMode(!editMode)}
          title="Build the cloud: drag from the palette, connect, move VMs (E)"
          data-testid="edit-toggle"
        >
          ✎ {editMode ? 'Editing' : 'Edit'}
        </button>
        <button
          type="button"
          onClick={() => useEditUi.getState().setHelp(true)}
          title="Keyboard shortcuts and how editing works (?)"
          aria-label="Help"
        >
          ?
        </button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="file-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void openFile(f);
          }}
        />
        <EditDialogs />
      </div>
      {/* outside the edit chrome, so that an import's report stays readable in presenter mode */}
      <ImportDialog />
    </>
  );
}
