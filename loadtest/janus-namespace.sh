#!/bin/sh
# Runs a command (the benchmark, or a test JVM) in a private network namespace where Janus can be
# compared with our SFU on loopback only:
#   loadtest/janus-namespace.sh ./conclave bench audio-room --target both
#
# Why: Janus 1.1.2 never gathers ICE candidates on an interface flagged LOOPBACK (src/ice.c skips
# them whatever ice_enforce_list says), and when it adds no address itself libnice gathers on
# every other interface, i.e. the machine's real addresses. So the namespace holds `lo`, up, and
# one more interface, janus0 (a dummy, ifb or bridge device: whichever this kernel has), carrying
# only 127.0.0.2/32 and no route anywhere. JanusSfu writes ice_enforce_list = "janus0": Janus's
# only candidate is 127.0.0.2, whose packets the kernel delivers through lo like any loopback
# address. Nothing in the namespace can reach another machine.
#
# Root makes the namespace directly; other users get one inside a user namespace (unshare -r).
# Standard input and output pass through unshare and exec untouched (Surefire talks over them).
set -u

if [ "$#" -eq 0 ]; then
  echo "usage: $0 command [args...]" >&2
  exit 2
fi

setup='ip link set lo up &&
  { ip link add janus0 type dummy 2>/dev/null || ip link add janus0 type ifb 2>/dev/null ||
    ip link add janus0 type bridge; } &&
  ip addr add 127.0.0.2/32 dev janus0 && ip link set janus0 up'

problem=
for how in "-n" "-r -n"; do
  # A throwaway namespace first, so that a failure to make one is told apart from the command's
  # own exit status. $how is split into unshare's options on purpose.
  # shellcheck disable=SC2086
  if problem=$(unshare $how sh -c "$setup" 2>&1); then
    # shellcheck disable=SC2086
    exec unshare $how sh -c "$setup && exec \"\$0\" \"\$@\"" "$@"
  fi
done

echo "janus-namespace: cannot make a network namespace with unshare -n or unshare -r -n" \
  "(${problem:-no message}); run as root, or allow unprivileged user namespaces" >&2
exit 1
