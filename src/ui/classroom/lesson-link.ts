// A lesson shared as a link: #lesson=<lz-string of the lesson file>. Opened once at startup, checked
// like a file.
import LZString from 'lz-string';
import { useApp } from '../../store/app-store';
import { useClassroom } from '../../store/classroom-store';
import { usePanel } from '../../store/panel-store';

/** Links longer than this are refused before being decompressed. */
export const MAX_LESSON_LINK = 200_000;

let done = false;

export function installLessonLink(): void {
  if (done) return;
  done = true;
  const m = /(?:^#|&)lesson=([^&]*)/.exec(location.hash);
  if (!m) return;
  const run = async () => {
    if (m[1]!.length > MAX_LESSON_LINK)
      return useApp.getState().notify('error', 'The lesson link is too long to be a lesson.');
    const text = LZString.decompressFromEncodedURIComponent(m[1]!);
    if (!text)
      return useApp.getState().notify('error', 'The lesson link is damaged: it does not decompress.');
    // wait for the app's own cloud to be there, so that the lesson's replaces it and not the reverse
    for (let i = 0; i < 50 && !useApp.getState().doc; i++) await new Promise((r) => setTimeout(r, 100));
    const err = await useClassroom.getState().openText(text);
    if (err) useApp.getState().notify('error', err);
    else usePanel.getState().setTab('lesson');
  };
  void run();
}
