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
	"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 $opts" start >/dev/null ||
		{ cat "$dir/server.log" >&2; exit 1; }
	echo "postgres://winnow@127.0.0.1:$port/postgres?sslmode=disable"
	;;
stop)
	"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	;;
*)
	echo "usage: $0 start|stop DIR [PORT]" >&2
	exit 2
	;;
esac
