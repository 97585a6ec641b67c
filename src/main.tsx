// Entry point: start the worker, load the built-in demo (the article's scenario), render.
import '@xyflow/react/dist/style.css';
import './ui/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import demo from '../examples/two-networks-one-router.json';
import { useApp, watchWorker } from './store/app-store';
import { App } from './ui/app/App';
import { installTestHooks } from './ui/app/test-hooks';

watchWorker();
installTestHooks();
void useApp
  .getState()
  .applyTopology(demo)
  .then((errors) => {
    if (errors) useApp.getState().notify('error', `The demo cloud did not load: ${errors[0]?.message ?? ''}`);
  });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
