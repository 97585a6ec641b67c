// Security groups and their rules. A rule reads as the openstack client prints it: direction,
// protocol, port range, and the remote (a CIDR, or a group whose members may talk).
import { withProtocol } from '../../../logic/security-rule';
import type { SecurityGroup, SecurityGroupRule, Topology, TopologyError } from '../../../sim';
import { useApp } from '../../../store/app-store';
import { newId } from '../../../store/edit-ops';
import { patchGroup } from '../../../store/edit-patch';
import { requestDelete, run } from '../actions';
import { edit, identity } from './common';
import { Refusal, TextField, useRefusal } from './fields';
import { at, required } from './parse';

type Rule = Partial<SecurityGroupRule> & Pick<SecurityGroupRule, 'direction'>;
/** commits the group's rules; a refusal is shown under the table unless the field shows it */
type OnRules = (rules: Rule[], label: string, atField?: boolean) => Promise<TopologyError[] | null>;

const rangeText = (r: SecurityGroupRule) =>
  r.port_range_min === null
    ? ''
    : r.port_range_max === r.port_range_min || r.port_range_max === null
      ? `${r.port_range_min}`
      : `${r.port_range_min}-${r.port_range_max}`;

function remoteText(t: Topology, r: SecurityGroupRule): string {
  if (r.remote_ip_prefix) return r.remote_ip_prefix;
  if (r.remote_group_id)
    return `group ${t.security_groups.find((g) => g.id === r.remote_group_id)?.name ?? r.remote_group_id}`;
  return '';
}

function RuleRow({
  t,
  g,
  gi,
  r,
  ri,
  onRules,
}: {
  t: Topology;
  g: SecurityGroup;
  gi: number;
  r: SecurityGroupRule;
  ri: number;
  onRules: OnRules;
}) {
  const replace = (patch: Partial<SecurityGroupRule>, label: string) =>
    onRules(
      g.rules.map((x, k) => (k === ri ? { ...x, ...patch } : x)),
      label,
    );
  const path = at(`security_groups[${gi}].rules`, ri);
  return (
    <div className="rule-row" data-testid={`rule-${g.name}-${ri}`}>
      <select
        aria-label="Direction"
        value={r.direction}
        onChange={(e) => replace({ direction: e.target.value as Rule['direction'] }, 'rule direction')}
      >
        <option value="ingress">ingress</option>
        <option value="egress">egress</option>
      </select>
      <select
        aria-label="Protocol"
        value={r.protocol ?? ''}
        onChange={(e) => {
          const protocol = (e.target.value || null) as SecurityGroupRule['protocol'];
          // tcp port 22 is no ICMP type: what no longer applies goes back to "any"
          const { port_range_min, port_range_max } = withProtocol(r, protocol);
          replace({ protocol, port_range_min, port_range_max }, 'rule protocol');
        }}
      >
        <option value="">any</option>
        <option value="icmp">icmp</option>
        <option value="tcp">tcp</option>
        <option value="udp">udp</option>
      </select>
      <TextField
        label={r.protocol === 'icmp' ? 'type' : 'ports'}
        value={r}
        format={rangeText}
        placeholder={r.protocol ? 'any' : undefined}
        parse={(s) => {
          const m = /^\s*(?:(\d+)\s*(?:-\s*(\d+))?)?\s*$/.exec(s);
          if (!m)
            return {
              ok: false,
              message: `“${s}” should be a port, a range like 8000-8080, or empty for all`,
            };
          const min = m[1] ? Number(m[1]) : null;
          return {
            ok: true,
            value: { ...r, port_range_min: min, port_range_max: m[2] ? Number(m[2]) : min },
          };
        }}
        paths={[`${path}.port_range_min`, `${path}.port_range_max`, `${path}.protocol`]}
        onCommit={(v) =>
          onRules(
            g.rules.map((x, k) => (k === ri ? v : x)),
            'rule ports',
            true,
          )
        }
      />
      <TextField
        label="remote"
        value={r}
        format={(x) => remoteText(t, x)}
        placeholder="any"
        parse={(s) => {
          const v = s.trim();
          if (!v) return { ok: true, value: { ...r, remote_ip_prefix: null, remote_group_id: null } };
          if (v.includes('/') || /^\d/.test(v))
            return { ok: true, value: { ...r, remote_ip_prefix: v, remote_group_id: null } };
          const name = v.replace(/^group\s+/, '');
          const grp =
            t.security_groups.find((x) => x.name === name && x.project_id === g.project_id) ??
            t.security_groups.find((x) => x.name === name || x.id === name);
          if (!grp) return { ok: false, message: `“${v}” is neither a CIDR nor a security group` };
          return { ok: true, value: { ...r, remote_ip_prefix: null, remote_group_id: grp.id } };
        }}
        paths={[`${path}.remote_ip_prefix`, `${path}.remote_group_id`]}
        onCommit={(v) =>
          onRules(
            g.rules.map((x, k) => (k === ri ? v : x)),
            'rule remote',
            true,
          )
        }
      />
      <button
        type="button"
        className="icon-button danger"
        aria-label="Delete this rule"
        title="Delete this rule"
        onClick={() =>
          onRules(
            g.rules.filter((_, k) => k !== ri),
            'delete a rule',
          )
        }
      >
        ✕
      </button>
    </div>
  );
}

function GroupCard({ g, gi }: { g: SecurityGroup; gi: number }) {
  const doc = useApp((s) => s.doc)!;
  const [refusal, setRefusal] = useRefusal();
  const project = doc.projects.find((p) => p.id === g.project_id)?.name ?? '?';
  const onRules: OnRules = async (rules, label, atField = false) => {
    const e = await edit(`${label} in ${g.name} (${project})`, (t) =>
      patchGroup(t, g.id, { rules: rules as SecurityGroupRule[] }),
    );
    setRefusal(atField ? null : e, [at('security_groups', gi, 'rules')]);
    return e;
  };
  return (
    <details className="sub-card" data-testid={`group-${g.name}-${project}`}>
      <summary>
        <strong>{g.name}</strong>{' '}
        <span className="muted">
          {project}, {g.rules.length} rules
        </span>
      </summary>
      <TextField
        label="Name"
        value={g.name}
        format={identity}
        parse={required('name')}
        paths={[at('security_groups', gi, 'name')]}
        onCommit={(v) => edit(`rename group ${g.name}`, (t) => patchGroup(t, g.id, { name: v }))}
      />
      <div className="rules">
        {g.rules.map((r, ri) => (
          <RuleRow key={r.id} t={doc} g={g} gi={gi} r={r} ri={ri} onRules={onRules} />
        ))}
      </div>
      <Refusal text={refusal} />
      <div className="add-row">
        <button
          type="button"
          className="add-button"
          onClick={() =>
            void onRules(
              [
                ...g.rules,
                {
                  direction: 'ingress',
                  protocol: 'tcp',
                  port_range_min: 22,
                  port_range_max: 22,
                  remote_ip_prefix: '0.0.0.0/0',
                },
              ],
              'add a rule',
            )
          }
        >
          + Add a rule
        </button>
        <button
          type="button"
          className="icon-button danger"
          title={`Delete group ${g.name}`}
          onClick={() => void requestDelete({ kind: 'security_group', id: g.id })}
        >
          Delete group
        </button>
      </div>
    </details>
  );
}

export function GroupsForm() {
  const groups = useApp((s) => s.doc?.security_groups);
  const project = useApp((s) => s.editProject ?? s.doc?.projects[0]?.id ?? null);
  if (!groups) return null;
  return (
    <div data-testid="groups-form">
      {groups.map((g, gi) => (
        <GroupCard key={g.id} g={g} gi={gi} />
      ))}
      {project ? (
        <button
          type="button"
          className="add-button"
          onClick={() =>
            void run('add a security group', (t) => {
              const taken = new Set(
                t.security_groups.filter((x) => x.project_id === project).map((x) => x.name),
              );
              let k = 1;
              while (taken.has(`group${k}`)) k++;
              t.security_groups.push({
                id: newId(),
                name: `group${k}`,
                project_id: project,
                rules: [{ direction: 'egress' }],
              } as never);
            })
          }
        >
          + Add a security group
        </button>
      ) : null}
    </div>
  );
}
