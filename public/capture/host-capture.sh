#!/bin/sh
# Neutron Explorer: capture what Neutron's agents built on one host, for the Drift tab (drop the files
# there) or `npm run drift -- cloud.json HOST DIR`. Run it on the host, as root.
#
# Writes plain text files, as the tools print them:
#   ovs-vsctl-show.txt, dump-flows-<bridge>.txt for each OVS bridge, ip-netns.txt, and for each qrouter
#   namespace qrouter-<id>.ip-addr.txt, qrouter-<id>.ip-route.txt, qrouter-<id>.iptables-save.txt
#
# Usage: sh host-capture.sh [output-dir]
set -eu

out=${1:-host-capture-$(hostname)-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
ovs-vsctl show > "$out/ovs-vsctl-show.txt"
for br in $(ovs-vsctl list-br); do
  ovs-ofctl dump-flows "$br" > "$out/dump-flows-$br.txt"
done
ip netns > "$out/ip-netns.txt"
for ns in $(ip netns | awk '/^qrouter-/ { print $1 }'); do
  ip netns exec "$ns" ip addr > "$out/$ns.ip-addr.txt"
  ip netns exec "$ns" ip route > "$out/$ns.ip-route.txt"
  ip netns exec "$ns" iptables-save > "$out/$ns.iptables-save.txt"
done
echo "Done: $out"
