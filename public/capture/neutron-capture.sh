#!/bin/sh
# Neutron Explorer: capture a cloud for File -> Import a cloud (or `npm run import -- DIR`).
#
# Writes one plain JSON file per resource into a directory, using only the openstack client and your
# usual credentials (source your openrc first; an admin role sees every project and the hosts):
#   networks.json subnets.json ports.json routers.json floatingips.json security_groups.json
#   agents.json servers.json
# Each file is a JSON array of what `openstack ... show -f json` prints. Read them before you import
# them: nothing else is collected, and the app reads them in your browser without sending them anywhere.
#
# Usage: sh neutron-capture.sh [output-dir]      (PARALLEL=8 runs eight `show` calls at once)
set -eu

out=${1:-neutron-capture-$(date +%Y%m%d-%H%M%S)}
parallel=${PARALLEL:-4}
command -v openstack >/dev/null || { echo "the openstack client is not installed" >&2; exit 1; }
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# capture FILE "LIST COMMAND" "SHOW COMMAND": every ID the list gives, shown as JSON, in one array.
capture() {
  file=$1 list=$2 show=$3
  mkdir -p "$work/$file"
  # shellcheck disable=SC2086
  openstack $list -f value -c ID > "$work/$file.ids"
  # shellcheck disable=SC2016
  xargs -r -P "$parallel" -I{} sh -c 'openstack '"$show"' "$1" -f json > "$2/$1.json"' _ {} "$work/$file" \
    < "$work/$file.ids"
  {
    printf '['
    first=1
    while read -r id; do
      [ -s "$work/$file/$id.json" ] || continue
      [ $first = 1 ] || printf ','
      first=0
      cat "$work/$file/$id.json"
    done < "$work/$file.ids"
    printf ']\n'
  } > "$out/$file.json"
  echo "$out/$file.json: $(wc -l < "$work/$file.ids" | tr -d ' ') $file"
}

capture networks        "network list"                  "network show"
capture subnets         "subnet list"                   "subnet show"
capture ports           "port list"                     "port show"
capture routers         "router list"                   "router show"
capture floatingips     "floating ip list"              "floating ip show"
capture security_groups "security group list"           "security group show"
capture agents          "network agent list"            "network agent show"
capture servers         "server list --all-projects"    "server show"

echo "Done. Import $out with File -> Import a cloud, or: npm run import -- $out -o cloud.json"
