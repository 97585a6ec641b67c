// The service worker that keeps the app working with no network (vite-plugin-pwa, workbox). A new
// version is announced quietly and taken only when the user says so: a reload mid-class is theirs.
import { registerSW } from 'virtual:pwa-register';
import { useApp } from '../../store/app-store';

export function watchForUpdates(): void {
  if (!('serviceWorker' in navigator)) return;
  const update = registerSW({
    onNeedRefresh() {
      useApp.getState().notify('info', 'A new version of Neutron Explorer is ready.', {
        label: 'Reload',
        run: () => {
          void update(true);
          // a page the old worker does not control (its first visit) hears no 'controlling' from the
          // new one, which update() waits for to reload: reload it here
          if (!navigator.serviceWorker.controller) window.location.reload();
        },
      });
    },
  });
}
