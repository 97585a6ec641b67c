// The teacher's form: an activity from the current cloud. Title and what users report, what is locked,
// goals written with a form (a source, a target, a protocol and port, must or must not reach; or a
// property of a resource), hints, the answer cloud kept out of sight; then try it as a student, save it
// as a file, or copy a link (which leaves the answer out).
import { useMemo, useState } from 'react';
import { goalWords } from '../../activities/goals';
import type { Goal, LockKind } from '../../activities/schema';
import { activityLink, buildActivity, useAuthor } from '../../store/activity-author';
import { useApp } from '../../store/app-store';
import { download } from '../../store/file-io';

type GoalKind = 'reach' | 'blocked' | 'router-interface' | 'dhcp' | 'security-group-only';

const GOAL_KINDS: { value: GoalKind; label: string }[] = [
  { value: 'reach', label: 'must reach' },
  { value: 'blocked', label: 'must not reach' },
  { value: 'router-interface', label: 'a router has an interface on a network' },
  { value: 'dhcp', label: 'a server gets its address by DHCP' },
  { value: 'security-group-only', label: "a server's security groups let in only…" },
];

const LOCK_KINDS: { kind: LockKind; label: string }[] = [
  { kind: 'hosts', label: 'Hosts' },
  { kind: 'networks', label: 'Networks (with their subnets)' },
  { kind: 'routers', label: 'Routers' },
  { kind: 'servers', label: 'Servers' },
  { kind: 'security_groups', label: 'Security groups' },
];

const say = (tone: 'info' | 'error', text: string) => useApp.getState().notify(tone, text);

function Select({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  options: string[];
  onChange(v: string): void;
  testId: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

function GoalForm() {
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
        onChange={(v) => setKind(v as GoalKind)}
        testId="author-goal-kind"
      />
      <p className="muted author__kind">{GOAL_KINDS.find((k) => k.value === kind)?.label}</p>
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

export function AuthorForm() {
  const draft = useAuthor((s) => s.draft);
  const a = useAuthor.getState();
  const [link, setLink] = useState('');
  const start = draft.start;
  const lockable: Record<LockKind, string[]> = {
    hosts: start?.hosts.map((h) => h.name) ?? [],
    networks: [...new Set(start?.networks.map((n) => n.name) ?? [])],
    routers: [...new Set(start?.routers.map((r) => r.name) ?? [])],
    servers: [...new Set(start?.servers.map((s) => s.name) ?? [])],
    security_groups: [...new Set(start?.security_groups.map((g) => g.name) ?? [])],
  };
  const built = buildActivity(draft);
  const fail = (e: string) => say('error', `The activity is not complete: ${e}.`);
  return (
    <div className="lesson activity author" data-testid="author-form">
      <div className="lesson__top">
        <span className="muted">Write an activity</span>
        <button type="button" className="link" onClick={() => a.stop()}>
          back to the activities
        </button>
      </div>
      <label className="field">
        <span>Title</span>
        <input
          value={draft.title}
          onChange={(e) => a.set({ title: e.target.value })}
          maxLength={120}
          data-testid="author-title"
        />
      </label>
      <label className="field">
        <span>What users report (the student sees only this and the goals)</span>
        <textarea
          rows={4}
          value={draft.introduction}
          onChange={(e) => a.set({ introduction: e.target.value })}
          data-testid="author-intro"
        />
      </label>

      <h3>Clouds</h3>
      <p className="muted">
        Start:{' '}
        {start
          ? `${start.name || 'the cloud'} (${start.servers.length} servers), taken when you began`
          : 'none'}
        .{' '}
        <button type="button" className="link" onClick={() => a.takeStart()} data-testid="author-take-start">
          take the current cloud as the start
        </button>
      </p>
      <p className="muted">
        Answer:{' '}
        {draft.solution ? 'kept (in the file only, never shown to a student, left out of links)' : 'none'}.{' '}
        <button
          type="button"
          className="link"
          onClick={() => a.takeSolution()}
          data-testid="author-take-solution"
        >
          take the current cloud as the answer
        </button>
      </p>

      <h3>Locked</h3>
      <p className="muted">
        The student may not change these: an edit of one is refused, naming it.{' '}
        <button type="button" className="link" onClick={() => start && a.lockAll(start, true)}>
          lock everything
        </button>{' '}
        ·{' '}
        <button type="button" className="link" onClick={() => start && a.lockAll(start, false)}>
          nothing
        </button>
      </p>
      {LOCK_KINDS.filter((k) => lockable[k.kind].length).map((k) => (
        <fieldset key={k.kind} className="author__locks">
          <legend>{k.label}</legend>
          {lockable[k.kind].map((name) => (
            <label key={name}>
              <input
                type="checkbox"
                checked={draft.locks[k.kind].includes(name)}
                onChange={(e) => a.setLock(k.kind, name, e.target.checked)}
                data-testid={`author-lock-${k.kind}-${name}`}
              />{' '}
              {name}
            </label>
          ))}
        </fieldset>
      ))}

      <h3>Goals</h3>
      {draft.goals.length ? (
        <ol className="author__goals" data-testid="author-goals">
          {draft.goals.map((g, i) => (
            <li key={JSON.stringify(g)}>
              {goalWords(g)}{' '}
              <button
                type="button"
                className="link"
                onClick={() => a.removeGoal(i)}
                aria-label={`remove the goal ${goalWords(g)}`}
              >
                remove
              </button>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">No goal yet.</p>
      )}
      <GoalForm />

      <label className="field">
        <span>Hints, one a line (each taken costs 10 points)</span>
        <textarea
          rows={3}
          value={draft.hints}
          onChange={(e) => a.set({ hints: e.target.value })}
          data-testid="author-hints"
        />
      </label>

      <div className="activity__tools">
        <button
          type="button"
          className="primary"
          data-testid="author-try"
          onClick={() => void a.tryIt().then((e) => e && fail(e))}
        >
          Try it as a student
        </button>
        <button
          type="button"
          data-testid="author-save"
          onClick={() =>
            built.ok
              ? download(`activity-${built.activity.id}.json`, `${JSON.stringify(built.activity, null, 2)}\n`)
              : fail(built.error)
          }
        >
          Save as a file
        </button>
        <button
          type="button"
          data-testid="author-link"
          onClick={() => {
            if (!built.ok) return fail(built.error);
            const url = activityLink(built.activity, `${location.origin}${location.pathname}`);
            setLink(url);
            void navigator.clipboard?.writeText(url).catch(() => undefined);
          }}
        >
          Copy a link
        </button>
      </div>
      {link ? (
        <label className="field">
          <span>The link (the answer cloud is left out; {link.length.toLocaleString('en')} characters)</span>
          <textarea
            readOnly
            rows={3}
            value={link}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="author-link-text"
          />
        </label>
      ) : null}
    </div>
  );
}
