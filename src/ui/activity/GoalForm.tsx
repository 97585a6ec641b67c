// The author's form for one goal: a source, a target, a protocol and port, and must or must not reach;
// or a property of a resource (a router's interface on a network, a DHCP lease, a server's security
// groups that let in only one service from one network). The names offered are the current cloud's.
import { useMemo, useState } from 'react';
import { goalWords } from '../../activities/goals';
import type { Goal } from '../../activities/schema';
import { useAuthor } from '../../store/activity-author';
import { useApp } from '../../store/app-store';

type GoalKind = 'reach' | 'blocked' | 'router-interface' | 'dhcp' | 'security-group-only';

const GOAL_KINDS: { value: GoalKind; label: string }[] = [
  { value: 'reach', label: 'must reach' },
  { value: 'blocked', label: 'must not reach' },
  { value: 'router-interface', label: 'a router has an interface on a network' },
  { value: 'dhcp', label: 'a server gets its address by DHCP' },
  { value: 'security-group-only', label: "a server's security groups let in only…" },
];

function Select({
  label,
  value,
  options,
  onChange,
  testId,
  labels,
}: {
  label: string;
  value: string;
  options: string[];
  onChange(v: string): void;
  testId: string;
  /** what an option reads as, when not its value */
  labels?: Record<string, string>;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {options.map((o) => (
          <option key={o} value={o}>
            {labels?.[o] ?? o}
          </option>
        ))}
      </select>
    </label>
  );
}

export function GoalForm() {
  const doc = useApp((s) => s.doc);
  const [kind, setKind] = useState<GoalKind>('reach');
  const [f, setF] = useState({
    from: '',
    to: '',
    proto: 'icmp',
    port: 80,
    router: '',
    network: '',
    server: '',
    source: '',
  });
  const names = useMemo(() => {
    const servers = [...new Set(doc?.servers.map((s) => s.name) ?? [])];
    const outside = (doc?.outside ?? []).flatMap((w) => w.hosts.map((h) => h.name));
    return {
      endpoints: [...servers, ...outside],
      servers,
      routers: [...new Set(doc?.routers.map((r) => r.name) ?? [])],
      networks: [...new Set(doc?.networks.map((n) => n.name) ?? [])],
    };
  }, [doc]);
  const pick = (v: string, list: string[]) => (list.includes(v) ? v : (list[0] ?? ''));
  const from = pick(f.from, names.endpoints);
  const to = pick(
    f.to,
    names.endpoints.filter((n) => n !== from),
  );
  const l4 = f.proto === 'tcp' || f.proto === 'udp';
  const goal = (): Goal => {
    const proto = f.proto as 'icmp' | 'tcp' | 'udp';
    switch (kind) {
      case 'reach':
      case 'blocked':
        return {
          type: 'reach',
          from,
          to,
          proto,
          ...(l4 ? { port: f.port } : {}),
          ...(kind === 'blocked' ? { reach: false } : {}),
        };
      case 'router-interface':
        return {
          type: 'router-interface',
          router: pick(f.router, names.routers),
          network: pick(f.network, names.networks),
        };
      case 'dhcp':
        return { type: 'dhcp', server: pick(f.server, names.servers) };
      case 'security-group-only':
        return {
          type: 'security-group-only',
          server: pick(f.server, names.servers),
          proto,
          ...(l4 ? { port: f.port } : {}),
          from: pick(f.source, names.networks),
        };
    }
  };
  const set = (patch: Partial<typeof f>) => setF({ ...f, ...patch });
  const protoField = (
    <div className="author__row">
      <Select
        label="Protocol"
        value={f.proto}
        options={['icmp', 'tcp', 'udp']}
        onChange={(proto) => set({ proto })}
        testId="author-goal-proto"
      />
      {l4 ? (
        <label className="field">
          <span>Port</span>
          <input
            type="number"
            min={1}
            max={65535}
            value={f.port}
            onChange={(e) => set({ port: Math.max(1, Math.min(65535, Number(e.target.value) || 1)) })}
            data-testid="author-goal-port"
          />
        </label>
      ) : null}
    </div>
  );
  return (
    <fieldset className="author__goal-form">
      <legend>Add a goal</legend>
      <Select
        label="Kind"
        value={kind}
        options={GOAL_KINDS.map((k) => k.value)}
        labels={Object.fromEntries(GOAL_KINDS.map((k) => [k.value, k.label]))}
        onChange={(v) => setKind(v as GoalKind)}
        testId="author-goal-kind"
      />
      {kind === 'reach' || kind === 'blocked' ? (
        <>
          <div className="author__row">
            <Select
              label="Source"
              value={from}
              options={names.endpoints}
              onChange={(v) => set({ from: v })}
              testId="author-goal-from"
            />
            <Select
              label="Target"
              value={to}
              options={names.endpoints.filter((n) => n !== from)}
              onChange={(v) => set({ to: v })}
              testId="author-goal-to"
            />
          </div>
          {protoField}
        </>
      ) : kind === 'router-interface' ? (
        <div className="author__row">
          <Select
            label="Router"
            value={pick(f.router, names.routers)}
            options={names.routers}
            onChange={(v) => set({ router: v })}
            testId="author-goal-router"
          />
          <Select
            label="Network"
            value={pick(f.network, names.networks)}
            options={names.networks}
            onChange={(v) => set({ network: v })}
            testId="author-goal-network"
          />
        </div>
      ) : kind === 'dhcp' ? (
        <Select
          label="Server"
          value={pick(f.server, names.servers)}
          options={names.servers}
          onChange={(v) => set({ server: v })}
          testId="author-goal-server"
        />
      ) : (
        <>
          <div className="author__row">
            <Select
              label="Server"
              value={pick(f.server, names.servers)}
              options={names.servers}
              onChange={(v) => set({ server: v })}
              testId="author-goal-server"
            />
            <Select
              label="From network"
              value={pick(f.source, names.networks)}
              options={names.networks}
              onChange={(v) => set({ source: v })}
              testId="author-goal-source"
            />
          </div>
          {protoField}
        </>
      )}
      <p className="author__preview" data-testid="author-goal-preview">
        {goalWords(goal())}
      </p>
      <button
        type="button"
        onClick={() => useAuthor.getState().addGoal(goal())}
        data-testid="author-goal-add"
      >
        Add this goal
      </button>
    </fieldset>
  );
}
