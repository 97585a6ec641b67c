// The file menu's actions: new from a scenario, open, save, share, export the canvas as an image.
import { useApp } from '../../store/app-store';
import { useEditUi } from '../../store/edit-ui-store';
import {
  download,
  encodeShare,
  fileNameFor,
  openTopologyText,
  readTopologyFile,
  topologyFileText,
} from '../../store/file-io';
import { canvasApi } from './canvas-api';

/** The examples, bundled as separate chunks loaded on demand. */
const EXAMPLES = import.meta.glob<{ default: unknown }>('../../../examples/*.json');

export const DEFAULT_EXAMPLE = 'two-networks-one-router';

export const EMPTY_CLOUD = {
  format: 'neutron-explorer/topology',
  version: 1,
  name: 'Empty cloud',
  description: '',
  hosts: [],
} as const;

export interface ExampleEntry {
  id: string;
  title: string;
}

/** Example files by id (file name without .json), titled after their file name. */
export const EXAMPLE_LIST: ExampleEntry[] = Object.keys(EXAMPLES)
  .map((path) => path.replace(/^.*\/|\.json$/g, ''))
  .sort()
  .map((id) => ({
    id,
    title: id
      .replace(/-/g, ' ')
      .replace(/^./, (c) => c.toUpperCase())
      .replace(/\bips\b/g, 'IPs')
      .replace(/\bdvr\b/gi, 'DVR')
      .replace(/^Ovs\b/, 'OVS')
      .replace(/\bha\b/g, 'HA'),
  }));

const say = (tone: 'info' | 'error', text: string) => useApp.getState().notify(tone, text);

/** Replaces the work with a scenario: one undoable step. */
export async function newFrom(id: 'empty' | string): Promise<void> {
  let raw: unknown = EMPTY_CLOUD;
  let title = 'an empty cloud';
  if (id !== 'empty') {
    const load = EXAMPLES[`../../../examples/${id}.json`];
    if (!load) {
      say('error', `There is no example called ${id}.`);
      return;
    }
    raw = (await load()).default;
    title = (raw as { name?: string }).name ?? id;
  }
  const errors = await useApp.getState().applyTopology(raw, { label: `new from ${title}`, anew: true });
  if (errors)
    useEditUi
      .getState()
      .showReport({ title: `${title} did not open`, outcome: 'Your cloud is unchanged.', errors });
  else {
    useApp.getState().select(null);
    say('info', `New cloud from ${title}. The one before is one Undo away (Ctrl+Z).`);
    canvasApi.fitSoon();
  }
}

export async function openFile(file: File): Promise<void> {
  const parsed = await readTopologyFile(file);
  const errors = parsed.ok
    ? await useApp.getState().applyTopology(parsed.raw, { label: `open ${file.name}`, anew: true })
    : parsed.errors;
  if (errors) {
    useEditUi.getState().showReport({
      title: `“${file.name}” was not opened`,
      outcome: 'Your cloud is unchanged.',
      errors,
    });
    return;
  }
  useApp.getState().select(null);
  say('info', `Opened ${file.name}. The cloud before is one Undo away (Ctrl+Z).`);
  canvasApi.fitSoon();
}

/** Opens text dropped or pasted as a topology (same checks as a file). */
export async function openText(text: string, label: string): Promise<void> {
  const errors = await openTopologyText(text, label);
  if (errors)
    useEditUi
      .getState()
      .showReport({ title: `${label} failed`, outcome: 'Your cloud is unchanged.', errors });
}

export function saveFile(): void {
  const doc = useApp.getState().doc;
  if (!doc) return;
  download(fileNameFor(doc, 'json'), topologyFileText(doc));
}

export function shareLink(): void {
  const doc = useApp.getState().doc;
  if (!doc) return;
  const r = encodeShare(doc);
  if (!r.ok) {
    say('error', r.message);
    return;
  }
  useEditUi.getState().showShare(`${location.origin}${location.pathname}${r.hash}`);
}

export async function exportImage(kind: 'png' | 'svg'): Promise<void> {
  const doc = useApp.getState().doc;
  if (!doc) return;
  try {
    const data = await canvasApi.image(kind);
    if (!data) {
      say('error', 'There is nothing on the canvas to export.');
      return;
    }
    const view = useApp.getState().viewMode;
    download(fileNameFor(doc, `${view}.${kind}`), await (await fetch(data)).blob());
  } catch (e) {
    say('error', `The image could not be made: ${(e as Error).message}`);
  }
}
