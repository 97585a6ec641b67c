// An activity shared as a link: #activity=<lz-string of the activity file, without its answer cloud>.
// Opened once at startup, checked like a file.
import LZString from 'lz-string';
import { useActivity } from '../../store/activity-store';
import { useApp } from '../../store/app-store';
import { usePanel } from '../../store/panel-store';

/** Links longer than this are refused before being decompressed. */
export const MAX_ACTIVITY_LINK = 400_000;

let done = false;

export function installActivityLink(): void {
  if (done) return;
  done = true;
  const m = /(?:^#|&)activity=([^&]*)/.exec(location.hash);
  if (!m) return;
  const run = async () => {
    const say = (text: string) => useApp.getState().notify('error', text);
    if (m[1]!.length > MAX_ACTIVITY_LINK) return say('The activity link is too long to be an activity.');
    const text = LZString.decompressFromEncodedURIComponent(m[1]!);
    if (!text) return say('The activity link is damaged: it does not decompress.');
    // the app's own cloud first, so that the activity's replaces it and not the reverse
    for (let i = 0; i < 50 && !useApp.getState().doc; i++) await new Promise((r) => setTimeout(r, 100));
    const err = await useActivity.getState().openText(text);
    if (err) say(err);
    else usePanel.getState().setTab('activity');
  };
  void run();
}
