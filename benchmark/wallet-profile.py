#!/usr/bin/env python3
"""Where the server's CPU went during the wallet benchmark's 2-hot-accounts levels (issue 12).

benchmark/wallet.sh -Dreckon.bench.jfr=true leaves one JFR recording per level and phase
(ear/target/wallet-hot-<before|after|hot>-<clients>.jfr, `jcmd JFR.start settings=profile` on the
server). For each file given, this prints the server JVM's and the machine's CPU (jdk.CPULoad,
averaged), and splits the execution samples by thread group (request threads, the EJB timer
threads that run the ledger feed, the partition writers, the read-model projectors), with each
group's layers (the top-most frame of a known library: a HashMap call in Hibernate is Hibernate),
and sums the time request threads spent parked inside Wallets.transfer (jdk.ThreadPark events of
10 ms and more with settings=profile): on a partition's permit, or on a writer's answer.

    benchmark/wallet-profile.py ear/target/wallet-hot-before-64.jfr ear/target/wallet-hot-after-64.jfr
(`jfr` of JDK 17 or later on the PATH.) JFR samples a few running threads at a time: the figures
are shares, not times.
"""
import collections
import json
import re
import subprocess
import sys

LAYERS = [("org/reckon/", "Reckon"), ("org/wildfly/security/", "Elytron"), ("org/jboss/resteasy/", "RESTEasy"),
          ("org/hibernate/validator/", "Bean Validation"), ("org/hibernate/", "Hibernate ORM"), ("org/jboss/weld/", "Weld"),
          ("org/jboss/as/ejb3/", "EJB"), ("org/jboss/invocation/", "EJB"), ("org/jboss/as/ee/", "EJB"),
          ("com/arjuna/", "Narayana"), ("org/postgresql/", "JDBC"), ("org/jboss/jca/", "JDBC"),
          ("org/eclipse/yasson/", "JSON"), ("org/eclipse/parsson/", "JSON"), ("io/undertow/", "Undertow"),
          ("org/xnio/", "Undertow"), ("org/jboss/threads/", "threads"), ("org/jboss/log", "logging")]
GROUPS = [("request threads (default task)", "default task"), ("EJB timers: ledger feed (EJB default)", "EJB default"),
          ("partition writers", "wallet-writer"), ("read-model projectors", "wallet-projector"), ("Undertow I/O", "default I/O")]


def events(path, kind):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", kind, path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def main(paths):
    for path in paths:
        cpu = events(path, "jdk.CPULoad")
        jvm = sum(e["values"]["jvmUser"] + e["values"]["jvmSystem"] for e in cpu) / max(len(cpu), 1)
        machine = sum(e["values"]["machineTotal"] for e in cpu) / max(len(cpu), 1)
        samples = [e for e in events(path, "jdk.ExecutionSample") if e["values"].get("stackTrace")]
        groups = collections.Counter()
        layers = collections.defaultdict(collections.Counter)
        for e in samples:
            thread = (e["values"].get("sampledThread") or {}).get("javaName") or "?"
            group = next((g for g, key in GROUPS if key in thread), "other: " + re.sub(r"\d+", "N", thread))
            groups[group] += 1
            frames = [f["method"]["type"]["name"] for f in e["values"]["stackTrace"]["frames"]]
            layer = next((name for f in frames for prefix, name in LAYERS if f.startswith(prefix)), "JDK")
            layers[group][layer] += 1
        n = max(len(samples), 1)
        print(f"### {path}\n")
        print(f"server JVM CPU {100 * jvm:.0f} % of the machine (2 cores), machine {100 * machine:.0f} %; {len(samples)} samples\n")
        print("| thread group | share of samples | its layers |\n|---|---|---|")
        for g, c in groups.most_common():
            ls = ", ".join(f"{k} {100 * v / c:.0f} %" for k, v in layers[g].most_common(6))
            print(f"| {g} | {100 * c / n:.0f} % | {ls} |")
        parked = collections.Counter()
        count = collections.Counter()
        for e in events(path, "jdk.ThreadPark"):
            frames = " ".join(f["method"]["type"]["name"] + "." + f["method"]["name"]
                              for f in (e["values"].get("stackTrace") or {}).get("frames", []))
            if "Wallets.transfer" not in frames:
                continue
            what = ("a partition's permit (PartitionEngine.acquire)" if "PartitionEngine.acquire" in frames
                    else "a writer's answer (Answers)" if "Answers." in frames else "other")
            m = re.match(r"PT(?:(\d+)M)?([\d.]+)S", e["values"]["duration"])
            parked[what] += (int(m.group(1) or 0) * 60 + float(m.group(2))) if m else 0
            count[what] += 1
        print("\nrequest threads parked inside Wallets.transfer (sum over threads, parks of 10 ms and more):\n")
        for what, secs in parked.most_common():
            print(f"- on {what}: {secs:.1f} s in {count[what]} parks")
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
