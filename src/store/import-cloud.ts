// File → Import a cloud: the files of a capture (public/capture/neutron-capture.sh) read in this
// browser, turned into a topology by src/import, and opened as the current work (one undoable step).
// Nothing is sent anywhere. The import report stays on screen until closed.
import type { TopologyError } from '../sim';
import { useApp } from './app-store';
import { type ImportView, useEditUi } from './edit-ui-store';

/** A loader error as one line (formatError of the core, kept out of the app's first download). */
const errorText = (e: TopologyError) =>
  e.value === undefined
    ? `${e.path}: ${e.message}`
    : `${e.path}: ${JSON.stringify(e.value)?.slice(0, 80)} ${e.message}`;

/** The largest capture file read; the import module refuses larger texts with a message of its own. */
const MAX_BYTES = 200_000_000;

export interface PickedFile {
  readonly name: string;
  readonly size: number;
  text(): Promise<string>;
}

/** Reads the picked or dropped files and imports them; the outcome is shown in the import dialog. */
export async function importCloudFiles(files: readonly PickedFile[]): Promise<ImportView> {
  const ui = useEditUi.getState();
  ui.setImport({ busy: true, result: null });
  const texts: { name: string; text: string }[] = [];
  const errors: string[] = [];
  for (const f of files) {
    if (f.size > MAX_BYTES) {
      errors.push(`${f.name}: ${f.size.toLocaleString('en')} bytes is too large to read`);
      continue;
    }
    try {
      texts.push({ name: f.name, text: await f.text() });
    } catch (e) {
      errors.push(`${f.name}: could not be read (${(e as Error).message})`);
    }
  }
  // the importer and its schemas load when first used, not with the app
  const { importCloud, importErrorText } = await import('../import');
  const r = importCloud(texts);
  let view: ImportView;
  if (errors.length || !r.ok)
    view = {
      ok: false,
      errors: [...errors, ...(r.ok ? [] : r.errors.map(importErrorText))],
      report: r.report,
      summary: '',
    };
  else {
    const refused = await useApp
      .getState()
      .applyTopology(r.topology, { label: 'import a cloud', anew: true });
    const t = r.topology;
    view = refused
      ? { ok: false, errors: refused.map(errorText), report: r.report, summary: '' }
      : {
          ok: true,
          errors: [],
          report: r.report,
          summary: `${t.hosts.length} hosts, ${t.networks?.length ?? 0} networks, ${t.subnets?.length ?? 0} subnets, ${t.routers?.length ?? 0} routers, ${t.ports?.length ?? 0} ports, ${t.servers?.length ?? 0} servers, ${t.floatingips?.length ?? 0} floating IPs, from ${texts.map((x) => x.name.replace(/^.*[\\/]/, '')).join(', ')}`,
        };
    if (!refused) useApp.getState().select(null);
  }
  useEditUi.getState().setImport({ busy: false, result: view });
  return view;
}
