// The cloud's backend, at the top of the view (issue 15 point 5): ML2/OVS with iptables_hybrid, ML2/OVS
// with the openvswitch firewall, or ML2/OVN. A choice is one undoable edit that keeps the topology and
// rebuilds the plumbing; a refusal says which field and value stood in the way, and nothing changes.
import { BACKENDS, type Backend, backendLabel, backendOf } from '../../sim';
import { useApp } from '../../store/app-store';
import { switchBackend } from '../../store/edit-variants';
import { errorSentence } from '../edit/text';

async function choose(b: Backend): Promise<void> {
  const errors = await switchBackend(b);
  const { notify } = useApp.getState();
  // said as the edit actions say a refusal (ui/edit/actions.ts refusalText), without loading them here
  if (errors)
    notify(
      'error',
      `Not changed: ${errorSentence(errors[0]!)}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
    );
  else notify('info', `The cloud now runs ${backendLabel(b)}; the hosts were built again. Undo with Ctrl+Z.`);
}

export function BackendChoice() {
  const backend = useApp((s) => (s.doc ? backendOf(s.doc) : null));
  if (!backend) return null;
  return (
    <select
      className="backend-choice"
      value={backend}
      onChange={(e) => void choose(e.target.value as Backend)}
      aria-label="Backend"
      title="The cloud's backend: the mechanism driver, and the OVS agent's firewall driver"
      data-testid="backend"
    >
      {BACKENDS.map((b) => (
        <option key={b.id} value={b.id}>
          {b.label}
        </option>
      ))}
    </select>
  );
}
