#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback, for the tests and benchmarks.
#
#   scripts/pg-cluster.sh start DIR [PORT] [fast]
#                                            initdb in DIR, start, print WINNOW_TEST_PG;
#                                            fast: no fsync (tests, never benchmarks)
#   scripts/pg-cluster.sh stop DIR           stop it (DIR can then be removed)
#
# It needs Debian's postgresql package (/usr/lib/postgresql/*/bin). The
# server runs as an unprivileged user: the caller, or `postgres` (made by
# the package) when the caller is root. Authentication is trust on
# loopback only: the cluster is for tests, never for a real review.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [[ -z "$bin" ]]; then
	echo "pg-cluster: PostgreSQL is not installed (apt-get install postgresql)" >&2
	exit 1
fi
cmd=${1:-}
dir=${2:-}
port=${3:-54329}
opts=""
if [[ "${4:-}" == fast ]]; then
	# The tests create and drop hundreds of databases; durability is not
	# what they test. Benchmarks run with the defaults.
	opts="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
# pg_ctl waits for the server to start or stop, by default for 60 s: on a
# busy machine that is not always enough, so it waits for as long as it
# takes, up to 10 minutes.
wait=${PGCTLTIMEOUT:-600}
[[ -n "$cmd" && -n "$dir" ]] || { echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2; }

as=()
user=$(id -un)
if [[ $(id -u) == 0 ]]; then
	user=postgres
	as=(runuser -u postgres --)
fi

case "$cmd" in
start)
	mkdir -p "$dir"
	[[ $(id -u) == 0 ]] && chown postgres "$dir"
	"${as[@]}" "$bin/initdb" -D "$dir/data" -U winnow --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	# Another run may take the port between the caller's look and this
	# start: then the next port is tried.
	for ((try = 0; ; try++)); do
		rm -f "$dir/server.log"
		if "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t "$wait" \
			-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 $opts" start >/dev/null 2>"$dir/pg_ctl.log"; then
			break
		fi
		if ((try < 20)) && grep -q 'could not bind\|already in use' "$dir/server.log"; then
			port=$((port + 1))
			continue
		fi
		cat "$dir/pg_ctl.log" "$dir/server.log" >&2
		exit 1
	done
	echo "postgres://winnow@127.0.0.1:$port/postgres?sslmode=disable"
	;;
stop)
	"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t "$wait" stop >/dev/null
	;;
*)
	echo "usage: $0 start|stop DIR [PORT]" >&2
	exit 2
	;;
esac
