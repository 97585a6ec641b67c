// Entry point: start the worker, open the user's saved cloud (else the built-in demo, the article's
// scenario) and any shared link, render.
import '@xyflow/react/dist/style.css';
import './ui/styles.css';
import './ui/a11y.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { watchWorker } from './store/app-store';
import { offerDrafts } from './store/form-drafts';
import { restorePanelWidths, watchPanelWidths } from './store/panel-store';
import { restoreLayout, watchLayout } from './store/persist-layout';
import { App } from './ui/app/App';
import { installTestHooks } from './ui/app/test-hooks';

watchWorker();
installTestHooks();
restoreLayout();
watchLayout();
restorePanelWidths();
watchPanelWidths();
// the saving code (IndexedDB included) loads beside the worker, keeping the first download lean
void import('./store/persist').then((m) =>
  m
    .startApp(() => import('../examples/two-networks-one-router.json').then((d) => d.default))
    // text left typed in a form when the page closed: its form opens again and offers it back
    .then(() => offerDrafts()),
);

// offline after one visit; loaded after the first paint, it costs the first download nothing
void import('./ui/app/offline').then((m) => m.watchForUpdates());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
