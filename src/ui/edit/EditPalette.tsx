// The editing panel on the left, shown in edit mode: the palette of things to drag onto the canvas,
// the form of the selected thing, and the cloud's own settings. Its code loads when first shown.
import './edit.css';
import { lazy, Suspense } from 'react';
import { useApp } from '../../store/app-store';

const EditPanel = lazy(() => import('./EditPanel'));

export function EditPalette() {
  const editMode = useApp((s) => s.editMode);
  if (!editMode) return null;
  return (
    <Suspense fallback={<aside className="edit-panel" aria-busy="true" />}>
      <EditPanel />
    </Suspense>
  );
}
