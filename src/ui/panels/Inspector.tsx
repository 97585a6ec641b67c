// The inspector: the live state of what is selected, in the forms an operator knows (ovs-ofctl
// dump-flows, ip route, iptables -S...), or the Neutron resource behind a logical object.
import { useEffect, useState } from 'react';
import type { DeviceInspect } from '../../sim';
import { useApp } from '../../store/app-store';
import { useClassroom } from '../../store/classroom-store';
import { usePanel } from '../../store/panel-store';
import { builtinLessons } from '../classroom/lesson-list';
import { PreLines } from './PreLines';
import { ResourceDetails } from './ResourceDetails';

export function Inspector() {
  const selection = useApp((s) => s.selection);
  const view = useApp((s) => s.view);
  const simVersion = useApp((s) => s.simVersion);
  const hybrid = useApp((s) => s.doc?.options.firewall_driver !== 'openvswitch');
  // the first two servers, for the first thing to try (a string, so the selector's value stays equal)
  const servers = useApp((s) =>
    (s.doc?.servers ?? [])
      .slice(0, 2)
      .map((v) => v.name)
      .join('\n'),
  );
  const [info, setInfo] = useState<DeviceInspect | null>(null);
  // a server is inspected as its VM, a router as its qrouter namespace
  const deviceId =
    selection?.kind === 'device'
      ? selection.id
      : selection?.kind === 'server'
        ? (view?.devices.find((d) => d.serverId === selection.id)?.id ?? null)
        : selection?.kind === 'router'
          ? (view?.devices.find((d) => d.routerId === selection.id)?.id ?? null)
          : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new view or new traffic changes what the device knows
  useEffect(() => {
    let live = true;
    if (!deviceId) {
      setInfo(null);
      return;
    }
    useApp
      .getState()
      .inspect(deviceId)
      .then((r) => live && setInfo(r))
      .catch(() => live && setInfo(null));
    return () => {
      live = false;
    };
  }, [deviceId, view, simVersion]);
  if (!selection) {
    const pair = servers ? servers.split('\n') : [];
    return (
      <div className="inspector" data-testid="inspector">
        <h2>Inspector</h2>
        <p className="muted">
          Click a device, a host or a tunnel to see its live state. A VM's ▾/▸ button shows or folds its{' '}
          {hybrid ? 'tap, qbr, qvb and qvo' : 'tap, plugged straight into br-int (openvswitch firewall)'}.
        </p>
        <div className="start-here" data-testid="start-here">
          {pair.length === 2 ? (
            <>
              <strong>New here?</strong> Press <em>Click to send</em> below, then click {pair[0]} and{' '}
              {pair[1]}: watch the ping cross the cloud.
            </>
          ) : (
            <>
              <strong>{pair.length ? 'One VM so far.' : 'An empty cloud.'}</strong> Press <em>✎ Edit</em>:
              drag a compute host and a network host from the palette onto the canvas, then a network, and
              drop two VMs onto the compute host; in the Logical view, drag from each VM's dot onto the
              network. Then <em>Click to send</em> from one VM to the other.
            </>
          )}{' '}
          Or follow a guided lesson:
          <button type="button" onClick={() => void openLesson('two-networks-router')}>
            Two networks, one router
          </button>
          <button type="button" onClick={() => void openLesson('vm-plumbing')}>
            How a VM is plugged in
          </button>
        </div>
      </div>
    );
  }
  if (!deviceId) {
    return (
      <div className="inspector" data-testid="inspector">
        <ResourceDetails selection={selection} />
      </div>
    );
  }
  return (
    <div className="inspector" data-testid="inspector">
      {info ? (
        <>
          <h2 title={info.name}>{info.name}</h2>
          <div className="muted">
            {info.kind}
            {info.host ? ` on ${info.host}` : ''}
            {info.namespace && info.namespace !== info.name ? ` in ${info.namespace}` : ''}
          </div>
          {info.summary.map((l) => (
            <div key={l} className="summary-line">
              {l}
            </div>
          ))}
          {info.sections.map((s) => (
            <section key={s.title} className="inspect-section" data-section={s.title}>
              <h3>{s.title}</h3>
              {s.command ? <div className="command">$ {s.command}</div> : null}
              <PreLines lines={s.lines} />
            </section>
          ))}
        </>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </div>
  );
}

async function openLesson(id: string): Promise<void> {
  const lesson = (await builtinLessons()).find((l) => l.id === id);
  if (!lesson) return;
  const err = await useClassroom.getState().open(lesson);
  if (err) useApp.getState().notify('error', err);
  else usePanel.getState().setTab('lesson');
}
