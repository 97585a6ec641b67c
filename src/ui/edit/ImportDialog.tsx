// File → Import a cloud: pick the folder the capture script wrote (or its files), or drop them here.
// The files are read in this browser and go nowhere else. Afterwards the dialog shows what was
// imported and the import report: everything the model does not have, and what was done about it.
import { useRef, useState } from 'react';
import { useEditUi } from '../../store/edit-ui-store';
import { importCloudFiles, type PickedFile } from '../../store/import-cloud';
import { canvasApi } from './canvas-api';

const HEADINGS: Record<string, string> = {
  skipped: 'Left out (not modelled)',
  changed: 'Imported otherwise than captured',
  ignored: 'Imported; these fields have no effect in the simulation',
  assumed: 'Not in the capture; assumed',
};

/** The files of a dropped folder (and of its subfolders), or the dropped files themselves. */
async function droppedFiles(dt: DataTransfer): Promise<PickedFile[]> {
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (!entries.length) return [...dt.files];
  const out: PickedFile[] = [];
  const walk = async (e: FileSystemEntry): Promise<void> => {
    if (e.isFile) out.push(await new Promise<File>((ok, ko) => (e as FileSystemFileEntry).file(ok, ko)));
    else if (e.isDirectory) {
      const reader = (e as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((ok, ko) => reader.readEntries(ok, ko));
        if (!batch.length) break;
        for (const x of batch) await walk(x);
      }
    }
  };
  for (const e of entries) await walk(e);
  return out;
}

async function run(files: PickedFile[]): Promise<void> {
  if (!files.length) return;
  const v = await importCloudFiles(files);
  if (v.ok) canvasApi.fitSoon();
}

export function ImportDialog() {
  const importing = useEditUi((s) => s.importing);
  const folder = useRef<HTMLInputElement>(null);
  const many = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  if (!importing) return null;
  const { busy, result } = importing;
  const close = () => useEditUi.getState().close();
  const picked = (e: React.ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    void run(files);
  };
  return (
    <div className="modal-backdrop" onPointerDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className="modal modal--wide"
        role="dialog"
        aria-modal
        aria-label="Import a cloud"
        data-testid="import-dialog"
      >
        <h2>Import a cloud</h2>
        {result === null ? (
          <>
            <p>
              Give the JSON files that <code>neutron-capture.sh</code> writes (<code>networks.json</code>,{' '}
              <code>subnets.json</code>, <code>ports.json</code>, <code>routers.json</code>,{' '}
              <code>floatingips.json</code>, <code>security_groups.json</code>, <code>agents.json</code>,{' '}
              <code>servers.json</code>): API responses or <code>openstack … -f json</code> output.
            </p>
            <section
              className={`drop-zone${over ? ' is-over' : ''}`}
              aria-label="Drop the capture here"
              onDragOver={(e) => {
                e.preventDefault();
                setOver(true);
              }}
              onDragLeave={() => setOver(false)}
              onDrop={(e) => {
                e.preventDefault();
                setOver(false);
                void droppedFiles(e.dataTransfer).then(run);
              }}
              data-testid="import-drop"
            >
              {busy ? 'Reading…' : 'Drop the folder or its files here'}
            </section>
            <p className="muted">
              Private by design: the files are read in this browser, and nothing is sent anywhere. The capture
              is plain JSON you can read before you import it.{' '}
              <a href="capture/neutron-capture.sh" download>
                Get the capture script
              </a>
              .
            </p>
            <div className="modal__actions">
              <button type="button" onClick={close}>
                Cancel
              </button>
              <button
                type="button"
                onClick={() => many.current?.click()}
                disabled={busy}
                data-testid="import-files"
              >
                Choose files…
              </button>
              <button
                type="button"
                className="primary"
                data-autofocus
                onClick={() => folder.current?.click()}
                disabled={busy}
              >
                Choose a folder…
              </button>
            </div>
            <input
              ref={folder}
              type="file"
              hidden
              // a directory picker: every file of the folder chosen
              {...({ webkitdirectory: '' } as object)}
              onChange={picked}
              data-testid="import-folder-input"
            />
            <input
              ref={many}
              type="file"
              multiple
              accept=".json,application/json"
              hidden
              onChange={picked}
              data-testid="import-files-input"
            />
          </>
        ) : (
          <ImportOutcome result={result} />
        )}
      </div>
    </div>
  );
}

function ImportOutcome({
  result,
}: {
  result: NonNullable<NonNullable<ReturnType<typeof useEditUi.getState>['importing']>['result']>;
}) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <p className="modal__outcome" data-testid="import-outcome">
        {result.ok
          ? `Imported ${result.summary}. The cloud before is one Undo away (Ctrl+Z).`
          : 'The cloud was not imported. Your cloud is unchanged.'}
      </p>
      {result.errors.length ? (
        <ul className="error-list" data-testid="import-errors">
          {result.errors.slice(0, 30).map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: messages may repeat
            <li key={i}>{e}</li>
          ))}
        </ul>
      ) : null}
      <h3 className="import-report__title">
        Import report:{' '}
        {result.report.length
          ? `${result.report.length} item${result.report.length === 1 ? '' : 's'}`
          : 'everything captured is modelled'}
      </h3>
      <div className="import-report" data-testid="import-report">
        {Object.entries(HEADINGS).map(([kind, heading]) => {
          const items = result.report.filter((i) => i.kind === kind);
          if (!items.length) return null;
          const shown = open === kind ? items : items.slice(0, 8);
          return (
            <section key={kind} data-kind={kind}>
              <h4>
                {heading} ({items.length})
              </h4>
              <ul>
                {shown.map((i, n) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: one resource may have several items
                  <li key={n}>
                    <strong>
                      {i.resource}
                      {i.name ? ` ${i.name}` : ''}
                    </strong>{' '}
                    {i.id && i.id !== i.name ? <code>{i.id}</code> : null} {i.message}{' '}
                    {/* a cloud-wide note has no file of its own: "(none)" */}
                    {i.file.startsWith('(') ? null : <span className="muted">({i.file})</span>}
                  </li>
                ))}
              </ul>
              {items.length > shown.length ? (
                <button type="button" className="linkish" onClick={() => setOpen(kind)}>
                  Show all {items.length}
                </button>
              ) : null}
            </section>
          );
        })}
      </div>
      <div className="modal__actions">
        <button
          type="button"
          data-autofocus
          onClick={() => useEditUi.getState().close()}
          data-testid="import-close"
        >
          Close
        </button>
      </div>
    </>
  );
}
