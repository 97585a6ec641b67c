// The dock under the canvas: the send form and the playback controls in one bar, and beneath it the
// flows sent and the event list (opened by the first send; it can be folded away).
import { useApp } from '../../store/app-store';
import { usePlayback } from '../../store/playback-store';
import { CraftDrawer } from './CraftToggle';
import { EventList } from './EventList';
import { FlowList } from './FlowList';
import { SEND_KEYS, useSendKeys } from './keys';
import { PlaybackBar } from './PlaybackBar';
import { usePicking } from './picking';
import { SendForm } from './SendForm';
import { installSendHooks } from './test-hooks';
import './send.css';
import './challenge.css';

installSendHooks();

function PacketKey() {
  // under ML2/OVN the tunnels are Geneve, and the envelope carries the datapath's tunnel key
  const ovn = useApp((s) => s.doc?.options.mechanism_driver === 'ovn');
  return (
    <div className="packet-key" title="How packets look">
      <span>
        <i className="pk pk--pill">echo request</i> IP ●
      </span>
      <span>
        <i className="pk pk--arp">ARP who-has</i> ARP ◆
      </span>
      <span>
        <i className="pk pk--tag">VLAN 1</i> 802.1Q tag
      </span>
      <span>
        {ovn ? (
          <>
            <i className="pk pk--vx">key 2</i> Geneve
          </>
        ) : (
          <>
            <i className="pk pk--vx">VNI 101</i> VXLAN
          </>
        )}
      </span>
      <span>
        <i className="pk pk--nat">NAT</i> translated
      </span>
      <span>
        <i className="pk pk--drop">✕</i> dropped
      </span>
      <span title="The dot on the wire has the shape of the packet's kind: ◆ ARP, ● ICMP, ■ TCP, ▲ UDP">
        ■ TCP ▲ UDP
      </span>
    </div>
  );
}

function SideTools() {
  const showDiscarded = usePlayback((s) => s.showDiscarded);
  const keepEarlier = usePlayback((s) => s.keepEarlier);
  const has = usePlayback((s) => s.flows.length > 0);
  const pb = usePlayback.getState();
  return (
    <div className="side-tools">
      <label title="Flood copies that nobody wanted, e.g. an ARP broadcast reaching a host that is not asked (D)">
        <input
          type="checkbox"
          checked={showDiscarded}
          onChange={(e) => pb.setShowDiscarded(e.target.checked)}
          data-testid="show-discarded"
        />
        show discarded copies
      </label>
      <label title="Off: a new send finishes the one playing at once and plays alone. On: sends play together, each in its colour">
        <input
          type="checkbox"
          checked={keepEarlier}
          onChange={(e) => pb.setKeepEarlier(e.target.checked)}
          data-testid="keep-earlier"
        />
        keep earlier flows playing
      </label>
      <button type="button" onClick={pb.clear} disabled={!has} title="Remove every flow">
        Clear
      </button>
    </div>
  );
}

export function SendDock() {
  useSendKeys();
  usePicking();
  const open = usePlayback((s) => s.dockOpen);
  return (
    <section className={`send-dock${open ? ' is-open' : ''}`} aria-label="Send packets and play them">
      <div className="send-bar">
        <SendForm />
        <PlaybackBar />
      </div>
      <CraftDrawer />
      {open ? (
        <div className="send-body">
          <div className="send-side">
            <SideTools />
            <FlowList />
            <PacketKey />
            <details className="send-keys">
              <summary>Keyboard</summary>
              {SEND_KEYS.map((k) => (
                <span key={k.keys}>
                  <kbd>{k.keys}</kbd> {k.what}
                </span>
              ))}
            </details>
          </div>
          <EventList />
        </div>
      ) : null}
    </section>
  );
}
