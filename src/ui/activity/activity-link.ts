// At startup: an activity shared as a link (#activity=<lz-string of the activity file, without its
// answer cloud>), checked like a file; or else the activity a student had under way before a reload,
// taken up again on the saved cloud. The activity's code loads only when there is one (the first
// download stays as it was).
import LZString from 'lz-string';
import { useApp } from '../../store/app-store';
import { usePanel } from '../../store/panel-store';

/** Links longer than this are refused before being decompressed. */
export const MAX_ACTIVITY_LINK = 400_000;

/** The key activity-persist.ts saves under, read here without loading it. */
const SAVED_KEY = 'neutron-explorer:activity:v1';

let done = false;

/** Waits for the app's own cloud, so that the activity's replaces it and not the reverse. */
async function cloudLoaded(): Promise<void> {
  for (let i = 0; i < 50 && !useApp.getState().doc; i++) await new Promise((r) => setTimeout(r, 100));
}

export function installActivityLink(): void {
  if (done) return;
  done = true;
  const say = (text: string) => useApp.getState().notify('error', text);
  const m = /(?:^#|&)activity=([^&]*)/.exec(location.hash);
  if (m) {
    const run = async () => {
      if (m[1]!.length > MAX_ACTIVITY_LINK) return say('The activity link is too long to be an activity.');
      const text = LZString.decompressFromEncodedURIComponent(m[1]!);
      if (!text) return say('The activity link is damaged: it does not decompress.');
      const [{ useActivity }, { watchActivity }] = await Promise.all([
        import('../../store/activity-store'),
        import('../../store/activity-persist'),
      ]);
      watchActivity();
      await cloudLoaded();
      const err = await useActivity.getState().openText(text);
      if (err) say(err);
      else usePanel.getState().setTab('activity');
    };
    void run();
    return;
  }
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(SAVED_KEY);
  } catch {
    saved = null;
  }
  if (!saved) return;
  const resume = async () => {
    const [{ useActivity }, { savedActivity, watchActivity }] = await Promise.all([
      import('../../store/activity-store'),
      import('../../store/activity-persist'),
    ]);
    const s = savedActivity();
    watchActivity();
    if (!s) return;
    await cloudLoaded();
    const err = await useActivity.getState().resume(s);
    if (err) say(`The activity under way could not be taken up again: ${err}`);
  };
  void resume();
}
