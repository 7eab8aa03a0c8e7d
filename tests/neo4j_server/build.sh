#!/bin/sh
# Build the Neo4j test-server launcher: compile it and copy every runtime jar to target/lib,
# so the tests can run `java -cp 'target/neo4j-test-server.jar:target/lib/*'` without network.
# Pass -o (or set MVN_FLAGS=-o) to build offline from an already-filled ~/.m2.
set -eu
cd "$(dirname "$0")"
mvn -B -q ${MVN_FLAGS:-} "$@" package dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory=target/lib
ls target/lib/neo4j-kernel-[0-9]*.jar | sed 's/.*neo4j-kernel-\(.*\)\.jar/built: Neo4j \1/'
