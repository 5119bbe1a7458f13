#!/usr/bin/env bash
# Provisioning test: three hosts as network namespaces on 198.18.0.0/24, each with its own sshd,
# provisioned over SSH by site.yml; then every service must answer its health check on its host,
# the cluster must exist on the dev chain with the three nodes registered in it, a piece stored
# through one host must be read through the others,
# a killed JVM must come back, a vaulted node key must reach only its env file, a second run must
# change nothing, and ansible-lint must pass.
#
#   sudo ansible/tests/run.sh            (3-10 minutes; everything it made is removed at exit)
#
# Environment:
#   DDC_ARTIFACT_DIR   built application (ddc.jar + lib/); default launcher/target, built when missing
#   DDC_ANSIBLE_TEST_SECONDS  time budget of the whole test (default 900); the test fails when it is used up
#   KEEP=1             leave the namespaces and the work directory for inspection (prints how to remove them)
#
# Isolation (docs/decisions/0070-ansible-provisioning.md): all links live in namespaces this script
# creates (a controller namespace holds the bridge, each host namespace one veth end), so the host's
# own network is never touched. Each sshd runs in a private mount namespace with its own copy of
# /etc and empty /opt, /run, /var/log and /var/lib/ddc, so the three "hosts" do not see each
# other's users, releases, pid files or data. ansible-playbook itself runs in the controller namespace.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ansible_dir="$(dirname "$here")"
repo="$(dirname "$ansible_dir")"
hosts=(h1 h2 h3)
budget=${DDC_ANSIBLE_TEST_SECONDS:-900}
deadline=$((SECONDS + budget))

skip() { echo "SKIPPED: $*"; exit 0; }
fail() { echo "FAILED: $*" >&2; exit 1; }
step() { echo "== $(date -u +%H:%M:%S) $*"; }
left() { local l=$((deadline - SECONDS)); [ "$l" -gt 5 ] || fail "time budget of ${budget}s used up (DDC_ANSIBLE_TEST_SECONDS)"; echo "$l"; }

[ "$(id -u)" = 0 ] || skip "needs root (network namespaces, mounts, sshd); run it with sudo"
command -v ip >/dev/null || skip "iproute2 (ip) is not installed"
probe="ddcat-probe-$$"
ip netns add "$probe" 2>/dev/null || skip "ip netns is not available here (no CAP_SYS_ADMIN or no netns support)"
ip netns del "$probe"

need=()
command -v ansible-playbook >/dev/null || need+=(ansible-core)
command -v ansible-lint >/dev/null || need+=(ansible-lint)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh >/dev/null || need+=(openssh-client)
if [ "${#need[@]}" -gt 0 ]; then
  step "installing ${need[*]} from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null ||
    skip "cannot install ${need[*]} (apt-get failed)"
fi

artifact="${DDC_ARTIFACT_DIR:-$repo/launcher/target}"
if [ ! -f "$artifact/ddc.jar" ] || [ ! -d "$artifact/lib" ]; then
  [ -z "${DDC_ARTIFACT_DIR:-}" ] || fail "DDC_ARTIFACT_DIR=$artifact has no ddc.jar and lib/"
  step "building the application (./ddc --help)"
  "$repo/ddc" --help >/dev/null
fi
source "$repo/scripts/java-env.sh"

step "ansible-lint (production profile)"
(cd "$ansible_dir" && timeout 120 ansible-lint --offline -q) || fail "ansible-lint reported violations"

step "inventories parse, site.yml is well-formed, the systemd unit verifies"
for inv in "$ansible_dir"/inventories/*/hosts.yml; do
  ANSIBLE_CONFIG="$ansible_dir/ansible.cfg" ansible-playbook --syntax-check -i "$inv" "$ansible_dir/site.yml" >/dev/null ||
    fail "site.yml does not pass --syntax-check with $inv"
done
unit_dir="$(mktemp -d /tmp/ddc-ansible-unit.XXXXXX)"
ANSIBLE_CONFIG="$ansible_dir/ansible.cfg" ANSIBLE_LOCALHOST_WARNING=false ansible-playbook -i localhost, \
  "$here/render-systemd-unit.yml" -e "out=$unit_dir" >/dev/null || fail "the systemd unit template does not render"
if command -v systemd-analyze >/dev/null; then
  # verify exits 0 on unknown values and only prints them; any output is a finding
  complaints="$(systemd-analyze verify --man=no "$unit_dir/ddc-node.service" 2>&1)"
  rm -rf "$unit_dir"
  [ -z "$complaints" ] || fail "systemd-analyze verify: $complaints"
else
  rm -rf "$unit_dir"
  echo "   systemd-analyze not installed: unit rendered but not verified"
fi

id=$$
ctl="ddcat$id-ctl"
work="$(mktemp -d /tmp/ddc-ansible-test.XXXXXX)"
made_var_lib_ddc=0

cleanup() {
  local rc=$?
  if [ "${KEEP:-}" = 1 ]; then
    echo "KEEP=1: left $work and namespaces $ctl ${hosts[*]/#/ddcat$id-}; remove with:"
    echo "  for n in $ctl ${hosts[*]/#/ddcat$id-}; do ip netns pids \$n | xargs -r kill -9; ip netns del \$n; done; rm -rf $work"
    exit "$rc"
  fi
  local ns pids
  for ns in "${hosts[@]/#/ddcat$id-}" "$ctl"; do
    ip netns list | grep -qw "$ns" || continue
    pids="$(ip netns pids "$ns" || true)"
    if [ -n "$pids" ]; then
      # shellcheck disable=SC2086
      kill -TERM $pids 2>/dev/null || true
      sleep 1
      # shellcheck disable=SC2086
      kill -KILL $(ip netns pids "$ns" || true) 2>/dev/null || true
    fi
    ip netns del "$ns" 2>/dev/null || true
  done
  [ "$made_var_lib_ddc" = 1 ] && rmdir /var/lib/ddc 2>/dev/null || true
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

in_ctl() { ip netns exec "$ctl" "$@"; }
addr() { echo "198.18.0.$((10 + ${1#h}))"; }

step "network: $ctl with bridge 198.18.0.1/24, hosts ${hosts[*]} in ddcat$id-hN"
ip netns add "$ctl"
ip -n "$ctl" link set lo up
ip -n "$ctl" link add br0 type bridge
ip -n "$ctl" addr add 198.18.0.1/24 dev br0
ip -n "$ctl" link set br0 up
for h in "${hosts[@]}"; do
  ns="ddcat$id-$h"
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip -n "$ctl" link add "v$h" type veth peer name eth0 netns "$ns"
  ip -n "$ctl" link set "v$h" master br0 up
  ip -n "$ns" addr add "$(addr "$h")/24" dev eth0
  ip -n "$ns" link set eth0 up
done

step "ssh: one key pair, one host key, an sshd per host"
mkdir -p "$work/ssh"
ssh-keygen -q -t ed25519 -N '' -f "$work/ssh/id_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$work/ssh/host_ed25519_key"
cp "$work/ssh/id_ed25519.pub" "$work/ssh/authorized_keys"
: >"$work/ssh/known_hosts"
if [ ! -d /var/lib/ddc ]; then mkdir /var/lib/ddc && made_var_lib_ddc=1; fi
for h in "${hosts[@]}"; do
  root="$work/$h"
  mkdir -p "$root/opt" "$root/var-log" "$root/var-lib-ddc"
  cp -a /etc "$root/etc"
  echo "$h" >"$root/etc/hostname"
  cat >"$root/sshd_config" <<EOF
ListenAddress $(addr "$h")
HostKey $work/ssh/host_ed25519_key
PidFile $root/sshd.pid
AuthorizedKeysFile $work/ssh/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
  echo "$(addr "$h") $(cut -d' ' -f1-2 "$work/ssh/host_ed25519_key.pub")" >>"$work/ssh/known_hosts"
  # ip netns exec gives the command its own mount namespace; these mounts stay inside it.
  ip netns exec "ddcat$id-$h" sh -c "
    mount --bind '$root/etc' /etc && mount --bind '$root/opt' /opt &&
    mount --bind '$root/var-log' /var/log && mount --bind '$root/var-lib-ddc' /var/lib/ddc &&
    mount -t tmpfs -o mode=0755 tmpfs /run && mkdir -p /run/sshd &&
    exec /usr/sbin/sshd -f '$root/sshd_config' -E '$root/sshd.log'"
done

cat >"$work/ssh/config" <<EOF
Host 198.18.0.*
  User root
  IdentityFile $work/ssh/id_ed25519
  UserKnownHostsFile $work/ssh/known_hosts
  StrictHostKeyChecking yes
  ConnectTimeout 5
EOF
for h in "${hosts[@]}"; do
  for _ in $(seq 50); do
    in_ctl ssh -F "$work/ssh/config" "$(addr "$h")" true 2>/dev/null && continue 2
    sleep 0.2
  done
  fail "sshd on $h ($(addr "$h")) does not answer; see $work/$h/sshd.log"
done

# The roles run the application's commands (`ddc node`, `ddc chain --dev`); make sure the build can.
why=()
# (picocli answers --help of an unknown command with the root help and status 0)
"$JAVA_HOME/bin/java" -jar "$artifact/ddc.jar" node --help 2>&1 | grep -q '^Usage: ddc node' || why+=("no 'ddc node'")
probe_log="$work/chain-probe.log"
in_ctl "$JAVA_HOME/bin/java" -jar "$artifact/ddc.jar" chain --dev --tmp --instant-seal --port 0 >"$probe_log" 2>&1 &
probe_pid=$!
for _ in $(seq 150); do
  grep -q 'dev chain ready' "$probe_log" && break
  kill -0 "$probe_pid" 2>/dev/null || break
  sleep 0.2
done
grep -q 'dev chain ready' "$probe_log" || why+=("a 'ddc chain --dev' that does not start: $(head -c 160 "$probe_log")")
kill "$probe_pid" 2>/dev/null || true
wait "$probe_pid" 2>/dev/null || true
[ "${#why[@]}" -eq 0 ] || fail "the application in $artifact has ${why[*]}; rebuild it (./ddc --help) or set DDC_ARTIFACT_DIR"
step "application: $artifact"

{
  cat <<EOF
all:
  vars:
    ansible_user: root
    ansible_python_interpreter: /usr/bin/python3
    ansible_ssh_common_args: -F $work/ssh/config
    ddc_artifact_dir: $artifact
    ddc_artifact_cache: $work/artifacts
    ddc_devchain_instant_seal: true
    ddc_service_health_timeout: 60
    ddc_node_blockchain_url: ws://198.18.0.11:9944
    ddc_devchain_host: 198.18.0.11
    ddc_node_java_opts: [-Xmx192m, -XX:TieredStopAtLevel=1]
    ddc_devchain_java_opts: [-Xmx192m, -XX:TieredStopAtLevel=1]
    ddc_cluster_blockchain_url: ws://198.18.0.11:9944
    ddc_cluster_manager_secret: //Alice
    ddc_cluster_reserve_secret: //Eve
    ddc_registration_manager_secret: //Alice
    ddc_registration_bond: 100CERE
    # two nodes hold replicas (the cache node holds none): two copies, both durable before the OK
    ddc_cluster_replication: 2
    # h2's validator (//Validator1) is in the dev chain's genesis validator set
    ddc_devchain_validators: [6V2yEqTPRu48A8TZCk92XyWoejfTm8vZH5zqMvQbRaGrJEV8]
    ddc_validator_blockchain_url: ws://198.18.0.11:9944
    ddc_node_extra_env: {REDUNDANCY_REPLICATION_TOTAL: "2", REDUNDANCY_REPLICATION_SUCCESS_THRESHOLD: "2"}
EOF
  cat <<EOF
  hosts:
    h1: {ansible_host: 198.18.0.11, ddc_node_secret_phrase: //ansible-h1, ddc_registration_provider_secret: //Bob}
    h2: {ansible_host: 198.18.0.12, ddc_registration_provider_secret: //Charlie, ddc_validator_secret_phrase: //Validator1}
    h3: {ansible_host: 198.18.0.13, ddc_node_secret_phrase: //ansible-h3, ddc_registration_provider_secret: //Dave}
  children:
    ddc_devchain:
      hosts: {h1: {}}
    ddc_cluster_manager:
      hosts: {h1: {}}
    ddc_nodes:
      children:
        full_nodes:
          hosts: {h1: {ddc_node_mode: full}}
        storage_nodes:
          hosts: {h2: {ddc_node_mode: storage}}
        cache_nodes:
          hosts: {h3: {ddc_node_mode: cache, ddc_node_http_port: 8093, ddc_node_grpc_port: 9093}}
    ddc_validators:
      hosts: {h2: {}}
    prometheus:
      hosts: {h3: {}}
EOF
} >"$work/inventory.yml"

# h2's node key comes from Ansible Vault, as a provider's would; it must reach the env file and
# nothing else (no playbook output, no node log).
secret="//vault-test-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$work/vault-pass"
mkdir -p "$work/host_vars"
ansible-vault encrypt_string --vault-password-file "$work/vault-pass" --name ddc_node_secret_phrase \
  "$secret" >"$work/host_vars/h2.yml" 2>/dev/null

export ANSIBLE_CONFIG="$ansible_dir/ansible.cfg" ANSIBLE_LOCAL_TEMP="$work/ansible-tmp" \
  ANSIBLE_SSH_CONTROL_PATH_DIR="$work/cp" ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
playbook() {
  # In the background, so that a signal reaches the exit trap at once.
  in_ctl timeout "$(left)" ansible-playbook -i "$work/inventory.yml" --vault-password-file "$work/vault-pass" "$ansible_dir/site.yml" >"$work/$1.log" 2>&1 &
  wait $! || { tail -60 "$work/$1.log"; fail "playbook run $1 failed (log above)"; }
  sed -n '/PLAY RECAP/,$p' "$work/$1.log"
}

# Asks a service for its health from inside the host's namespace: the chain (JSON-RPC
# system_health on 127.0.0.1) or a node (GET /health on the host's address).
health() {
  local h=$1 port=$2 kind=$3
  if [ "$kind" = chain ]; then
    ip netns exec "ddcat$id-$h" curl -fsS -m 5 -H 'Content-Type: application/json' \
      -d '{"jsonrpc":"2.0","id":1,"method":"system_health","params":[]}' "http://$(addr "$h"):$port"
  else
    ip netns exec "ddcat$id-$h" curl -fsS -m 5 "http://$(addr "$h"):$port/health"
  fi
}
node_port() { [ "$1" = h3 ] && echo 8093 || echo 8091; }
check_all() {
  health h1 9944 chain >/dev/null || fail "the dev chain on h1 does not answer system_health"
  for h in "${hosts[@]}"; do
    health "$h" "$(node_port "$h")" node >/dev/null || fail "the node on $h does not answer its health check"
    echo "   $h: node healthy on $(addr "$h"):$(node_port "$h")"
  done
}

# The chain's view of the fleet, asked from the controller as an operator would: the cluster exists,
# is bonded, and lists the three nodes with their hosts' addresses and modes (a node is in the
# cluster only once its provider bonded and declared it as storage for the cluster).
check_cluster() {
  local shown
  shown=$(in_ctl timeout 120 "$JAVA_HOME/bin/java" -jar "$artifact/ddc.jar" cluster show \
    0x0000000000000000000000000000000000000001 --chain ws://198.18.0.11:9944 --json) ||
    fail "ddc cluster show failed"
  python3 - "$shown" <<'PY' || fail "the chain does not list the fleet's nodes in the cluster: $shown"
import json, sys
c = json.loads(sys.argv[1])
assert c["status"] == "Bonded", c["status"]
got = sorted((n["host"], n["mode"], n["http_port"]) for n in c["nodes"])
want = [("198.18.0.11", "full", 8091), ("198.18.0.12", "storage", 8091), ("198.18.0.13", "cache", 8093)]
assert got == want, got
PY
  echo "   chain: cluster 0x…01 Bonded with the nodes of h1 (full), h2 (storage), h3 (cache) at their addresses"
}

step "first run"
t0=$SECONDS
playbook run1
echo "   took $((SECONDS - t0)) s"
check_all
! grep -q 'skipped: ddc chain CLI not available\|skipped: no provider key\|skipped: no cluster manager key' "$work/run1.log" ||
  fail "cluster creation or node registration was skipped (see $work/run1.log)"
check_cluster

step "a customer stores through h1's node and reads through h2's and h3's"
# The nodes found each other through the chain's node list (MEMBERSHIP_PORT set, BLOCKCHAIN_URL):
# a piece written to h1 is replicated or fetched, so any node of the cluster serves it.
chain_args=(--chain ws://198.18.0.11:9944 --cluster 0x0000000000000000000000000000000000000001 --signer //Ferdie)
ddc_ctl() { in_ctl timeout 120 "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -jar "$artifact/ddc.jar" "$@"; }
ddc_ctl deposit 100CERE "${chain_args[@]}" >/dev/null || fail "ddc deposit failed"
bucket=$(ddc_ctl bucket create "${chain_args[@]}") || fail "ddc bucket create failed"
head -c 300000 /dev/urandom >"$work/piece.bin"
node_logs() { for h in "${hosts[@]}"; do echo "--- $h"; tail -n 25 "$work/$h/var-log/ddc/ddc-node.log"; done; }
cid=$(ddc_ctl put --bucket "$bucket" "$work/piece.bin" --node grpc://198.18.0.11:9091 "${chain_args[@]}") ||
  { node_logs; fail "ddc put through h1 failed"; }
for h in h2 h3; do
  got=""
  for _ in $(seq 30); do
    if ip netns exec "ddcat$id-$h" curl -fsS -m 10 -o "$work/back-$h.bin" \
        "http://$(addr "$h"):$(node_port "$h")/$bucket/$cid"; then got=1; break; fi
    sleep 1
  done
  [ -n "$got" ] || { node_logs; fail "the node on $h does not serve piece $cid of bucket $bucket stored through h1"; }
  cmp -s "$work/piece.bin" "$work/back-$h.bin" || fail "the node on $h served other bytes for $cid"
done
echo "   bucket $bucket: 300 000 bytes stored through h1 (gRPC), read byte-identical through h2 and h3 (gateway)"
! grep -q 'skipped: ddc validator not available' "$work/run1.log" || fail "the validator role was skipped"
ip netns exec "ddcat$id-h2" curl -fsS -m 5 http://127.0.0.1:8099/health | grep -q '"validator":"6V2yEqTPRu48A8TZCk92XyWoejfTm8vZH5zqMvQbRaGrJEV8"' ||
  fail "the validator on h2 does not answer its health check as //Validator1"
echo "   h2: validator //Validator1 healthy, validating cluster 0x…01"
in_ctl ssh -F "$work/ssh/config" 198.18.0.13 cat /etc/prometheus/ddc-nodes.json | grep -q '198.18.0.12:8091' ||
  fail "prometheus targets on h3 do not list h2's node"
echo "   prometheus: h3 scrapes $(in_ctl ssh -F "$work/ssh/config" 198.18.0.13 cat /etc/prometheus/ddc-nodes.json | grep -c '"targets"') nodes"

step "secrets: h2's vaulted node key"
perm=$(in_ctl ssh -F "$work/ssh/config" 198.18.0.12 stat -c '%a:%U:%G' /etc/ddc/ddc-node.env)
[ "$perm" = 640:root:ddc ] || fail "/etc/ddc/ddc-node.env on h2 is $perm, not 640:root:ddc"
in_ctl ssh -F "$work/ssh/config" 198.18.0.12 cat /etc/ddc/ddc-node.env | grep -qxF "PEER_SECRET_PHRASE=$secret" ||
  fail "the vaulted key did not reach h2's env file"
! grep -qF "$secret" "$work/run1.log" || fail "the node key appears in the playbook output"
! grep -qF "$secret" "$work/h2/var-log/ddc/ddc-node.log" || fail "the node key appears in h2's node log"
echo "   env file 640 root:ddc holds it; playbook output and node log do not"

step "restart policy: kill -9 the node's JVM on h2"
pid_before=$(in_ctl ssh -F "$work/ssh/config" 198.18.0.12 cat /run/ddc/ddc-node.child.pid)
in_ctl ssh -F "$work/ssh/config" 198.18.0.12 kill -9 "$pid_before"
back=0
for _ in $(seq 60); do
  sleep 1
  if health h2 8091 node >/dev/null 2>&1; then back=1; break; fi
done
[ "$back" = 1 ] || fail "the node on h2 did not come back after kill -9"
pid_after=$(in_ctl ssh -F "$work/ssh/config" 198.18.0.12 cat /run/ddc/ddc-node.child.pid)
[ "$pid_after" != "$pid_before" ] || fail "the node on h2 still reports the killed pid"
echo "   h2: JVM $pid_before killed, $pid_after serving"

step "ddc-svc restart on h3 (clean stop through the JVM's shutdown hooks, then start)"
pid_before=$(in_ctl ssh -F "$work/ssh/config" 198.18.0.13 cat /run/ddc/ddc-node.child.pid)
out=$(in_ctl ssh -F "$work/ssh/config" 198.18.0.13 /opt/ddc/ddc-svc restart ddc-node)
[ "$out" = restarted ] || fail "ddc-svc restart printed '$out'"
kill -0 "$pid_before" 2>/dev/null && fail "the old JVM $pid_before on h3 still runs after the restart"
back=0
for _ in $(seq 60); do
  if health h3 8093 node >/dev/null 2>&1; then back=1; break; fi
  sleep 1
done
[ "$back" = 1 ] || fail "the node on h3 did not come back after ddc-svc restart"
grep -q 'exited with status' "$work/h3/var-log/ddc/ddc-node.log" &&
  fail "ddc-svc restarted h3's node as after a crash instead of stopping it"
echo "   h3: JVM $pid_before stopped, $(in_ctl ssh -F "$work/ssh/config" 198.18.0.13 cat /run/ddc/ddc-node.child.pid) serving"

step "second run (must change nothing)"
t0=$SECONDS
playbook run2
echo "   took $((SECONDS - t0)) s"
! grep -qF "$secret" "$work/run2.log" || fail "the node key appears in the playbook output"
changed=$(sed -n '/PLAY RECAP/,$p' "$work/run2.log" | grep -o 'changed=[0-9]*' | grep -v 'changed=0' || true)
[ -z "$changed" ] || { grep -B2 '^changed:' "$work/run2.log" | head -40; fail "second run changed something"; }
check_all
check_cluster

step "a service that never gets healthy fails the play with its output"
in_ctl timeout "$(left)" ansible-playbook -i "$work/inventory.yml" "$here/health-failure.yml" >"$work/probe.log" 2>&1 &&
  fail "the play of a service with a wrong health URL succeeded"
grep -q 'ddc-probe did not pass its health check' "$work/probe.log" ||
  { tail -30 "$work/probe.log"; fail "the health failure does not name the service"; }
grep -q "its last output: \[.*'ddc.node.[a-z.-]* = " "$work/probe.log" ||
  { tail -30 "$work/probe.log"; fail "the health failure does not show the service's output"; }
in_ctl ssh -F "$work/ssh/config" 198.18.0.13 /opt/ddc/ddc-svc stop ddc-probe >/dev/null
echo "   h3: ddc-probe failed the play after its health timeout, with its log in the message"

step "PASSED in $SECONDS s"
