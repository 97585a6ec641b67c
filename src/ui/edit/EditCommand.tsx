// The palette by keyboard (issue #19): a command typed in a field does what a drag does, with the same
// edits ("add VM to compute1" drops a VM on compute1; "connect vm1 to net1" wires vm1 to net1). The
// field suggests the commands that make sense in this cloud.
import { useMemo, useState } from 'react';
import { type EditCommand, type Named, namesOf, parseCommand, suggestions } from '../../logic/edit-command';
import { useApp } from '../../store/app-store';
import type { CanvasNodeRef } from '../canvas/interaction';
import { connectNodes, dropOnCanvas } from './actions';

const NODE_PREFIX = { server: 'server', network: 'net', router: 'router', host: 'host' } as const;

/** The logical view's node of a named thing, as a drop or a connection would give it. */
function refOf(n: Named): CanvasNodeRef {
  if (n.kind === 'host') return { id: `host:${n.id}`, view: 'physical', what: 'host', resourceId: n.id };
  return { id: `${NODE_PREFIX[n.kind]}:${n.id}`, view: 'logical', what: n.kind, resourceId: n.id };
}

/** Runs a command; resolves to what to say if it could not be run (the edits say their own refusals). */
async function run(cmd: EditCommand): Promise<string | null> {
  if (cmd.kind === 'error') return cmd.message;
  if (cmd.kind === 'add') {
    await dropOnCanvas(cmd.what, cmd.onto ? refOf(cmd.onto) : null, 'logical');
    return null;
  }
  if (cmd.from.kind === 'host' || cmd.to.kind === 'host')
    return 'connect: hosts are wired by the agents; connect a VM or a router to a network';
  const source = refOf(cmd.from).id;
  const target = refOf(cmd.to).id;
  await connectNodes({ source, target, sourceHandle: null, targetHandle: null });
  return null;
}

export function EditCommandField() {
  const doc = useApp((s) => s.doc);
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const offered = useMemo(() => (doc ? suggestions(doc) : []), [doc]);
  return (
    <form
      className="palette__command"
      onSubmit={(e) => {
        e.preventDefault();
        const cloud = useApp.getState().doc;
        if (!cloud) return;
        const before = useApp.getState().doc;
        void run(parseCommand(text, namesOf(cloud))).then((err) => {
          const changed = useApp.getState().doc !== before;
          setNote(err ? `Not done: ${err}` : changed ? `Done: ${text.trim()}.` : '');
          if (!err && changed) setText('');
        });
      }}
    >
      <label>
        <span>Type a change</span>
        <input
          list="edit-commands"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="add VM to compute1"
          data-testid="edit-command"
          title='What a drag does, by keyboard: "add VM to compute1", "connect vm1 to net1", "add router"'
        />
      </label>
      <datalist id="edit-commands">
        {offered.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <button type="submit">Do it</button>
      <p className="palette__command-note" role="status" data-testid="edit-command-note">
        {note}
      </p>
    </form>
  );
}
