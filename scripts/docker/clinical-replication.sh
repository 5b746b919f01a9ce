#!/bin/sh
# Run once by postgres:16 when the clinical primary's data folder is created (docker-entrypoint-initdb.d):
# lets the replica (postgres-clinical-replica, same network) stream the WAL as the clinical user.
set -eu
echo 'host replication clinical all scram-sha-256' >>"$PGDATA/pg_hba.conf"
