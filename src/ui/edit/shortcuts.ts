// Keyboard shortcuts of editing, in one list that both the key handler and the help panel read.
import { useEffect } from 'react';
import { useApp } from '../../store/app-store';
import { useClassroom } from '../../store/classroom-store';
import { useEditUi } from '../../store/edit-ui-store';
import { saveFile } from './file-actions';

export interface Shortcut {
  keys: string;
  what: string;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: 'E', what: 'Edit mode on or off (palette, connecting, moving VMs)' },
  { keys: 'Ctrl+Z', what: 'Undo the last change' },
  { keys: 'Ctrl+Shift+Z  or  Ctrl+Y', what: 'Redo' },
  {
    keys: 'Delete  or  Backspace',
    what: 'Delete the selected thing (in edit mode); asks first when more goes with it',
  },
  { keys: 'Ctrl+S', what: 'Save the cloud as a file' },
  { keys: 'Ctrl+O', what: 'Open a file' },
  { keys: 'Escape', what: 'Close a dialog or menu; clear the selection' },
  { keys: '?', what: 'This help' },
];

/** Deletes the selection (asking first when more goes with it); the editing code loads on demand. */
export async function deleteSelected(): Promise<void> {
  const { requestDelete, targetOf } = await import('./actions');
  await requestDelete(targetOf(useApp.getState().selection));
}

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

/** Installs the shortcuts while mounted. `openFile` shows the file picker. */
export function useEditShortcuts(openFile: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const app = useApp.getState();
      const ui = useEditUi.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (e.key === 'Escape') {
        if (ui.report || ui.confirm || ui.share || ui.help) ui.close();
        else if (!typing(e.target)) app.select(null);
        return;
      }
      // text fields keep their own undo and their own Delete
      if (typing(e.target)) return;
      if (mod && key === 'z') {
        e.preventDefault();
        void (e.shiftKey ? app.redo() : app.undo());
      } else if (mod && key === 'y') {
        e.preventDefault();
        void app.redo();
      } else if (mod && key === 's') {
        e.preventDefault();
        saveFile();
      } else if (mod && key === 'o') {
        e.preventDefault();
        openFile();
      } else if (mod || e.altKey) {
        return;
      } else if (e.key === 'Delete' || e.key === 'Backspace') {
        if (!app.editMode) {
          if (app.selection) app.notify('info', 'Turn on Edit (press E) to delete.');
          return;
        }
        e.preventDefault();
        void deleteSelected();
      } else if (key === 'e') {
        // presenter mode has no editing chrome; E would bring back a palette it hides
        if (!useClassroom.getState().presenter) app.setEditMode(!app.editMode);
      } else if (e.key === '?') {
        ui.setHelp(!ui.help);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [openFile]);
}
