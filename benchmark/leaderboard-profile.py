#!/usr/bin/env python3
"""Where the server's CPU went while benchmark/leaderboard.sh posted scores (issue 14).

Reads the JFR recording the benchmark leaves (ear/target/benchmark-leaderboard-server.jfr), keeps the
execution samples between the first and the last one inside ScoreResource.post (the write levels),
and splits them: the password check of Basic authentication (bcrypt), the rest of the shared request
path (RESTEasy, Elytron, Bean Validation, Undertow, JSON), and POST /v1/scores itself, which it
splits again (the JPA finds, the flush, the commit, the Redis projection). The samples of the
group-commit writer thread (ScoreWriter, "leaderboard-group-commit") count as POST /v1/scores too.

    jfr print --json --stack-depth 300 --events jdk.ExecutionSample ear/target/benchmark-leaderboard-server.jfr \
        > /tmp/samples.json && benchmark/leaderboard-profile.py /tmp/samples.json
(`jfr` of JDK 17 or later.) With `--from T1 --to T2` (ISO instants, as the report's "When" lines print
them) only the samples between them count: the benchmark runs its write levels twice (issue 15's
fixes off, then on), so each phase can be split on its own. Samples are relative figures: JFR samples a few running threads at a time.
"""
import collections
import json
import sys

args = sys.argv[1:]
window = {}
while args and args[0].startswith("--"):
    window[args[0][2:]] = args[1][:26].rstrip("Z")  # to microseconds: comparable as text with JFR's times
    args = args[2:]
events = [e for e in json.load(open(args[0]))["recording"]["events"] if e["values"].get("stackTrace")
          and window.get("from", "") <= e["values"]["startTime"][:26] <= window.get("to", "9999")]


def frames(e):
    return [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in e["values"]["stackTrace"]["frames"]]


def thread(e):
    return (e["values"].get("sampledThread") or {}).get("javaName") or "?"


posts = [e["values"]["startTime"] for e in events if any("ScoreResource.post" in f for f in frames(e))]
if not posts:
    sys.exit("no sample inside ScoreResource.post")
lo, hi = min(posts), max(posts)
shared = [("Basic auth: bcrypt password check", "BCryptPasswordImpl"), ("Elytron HTTP auth (without bcrypt)", "org/wildfly/security/http"),
          ("JSON (Yasson/Jackson)", "yasson"), ("JSON (Yasson/Jackson)", "jackson"), ("Bean Validation", "org/hibernate/validator"),
          ("RESTEasy dispatch and providers", "org/jboss/resteasy"), ("platform servlet filters", "org/reckon/platform"),
          ("Undertow", "io/undertow")]
inside = [("JPA finds (player FOR UPDATE, inbox, score)", "SessionImpl.find"), ("JPA flush (3 inserts/updates)", ".flush"),
          ("one-statement apply (JDBC)", "Scores.apply"), ("transaction commit (Narayana, XA)", "TransactionImple.commit"),
          ("Redis projection after commit", "Projection.project"), ("connection from the pool", "getConnection"),
          ("group commit: the writer's batch (Scores.recordAll)", "Scores.recordAll")]
split, post_split = collections.Counter(), collections.Counter()
total = post_total = 0
for e in events:
    if not lo <= e["values"]["startTime"] <= hi:
        continue
    total += 1
    fr = frames(e)
    s = " ".join(fr)
    writer = thread(e) == "leaderboard-group-commit"  # ScoreWriter's thread: the work of POST /v1/scores, batched
    if "ScoreResource.post" in s or writer:
        split["POST /v1/scores: the group-commit writer thread" if writer else "POST /v1/scores: the resource method and below"] += 1
        post_total += 1
        for name, key in inside:
            if key in s:
                post_split[name] += 1
        continue
    if not thread(e).startswith("default task"):
        split["other threads"] += 1
        continue
    for name, key in shared:
        if key in s:
            split["shared request path: " + name] += 1
            break
    else:
        split["shared request path: other"] += 1
print(f"samples while scores were posted ({lo} .. {hi}): {total}")
for name, n in split.most_common():
    print(f"  {n:6d} {100 * n / total:5.1f}%  {name}")
print(f"inside POST /v1/scores ({post_total} samples; a sample may count in two rows):")
for name, n in post_split.most_common():
    print(f"  {n:6d} {100 * n / post_total:5.1f}%  {name}")
