#!/usr/bin/env bash
# Copies a library jar into the EAR's content with a Jandex index inside (META-INF/jandex.idx).
#
#   index-jar.sh JAVA JANDEX_JAR SOURCE_JAR DEST_JAR
#
# Other versions of the jar (DEST_JAR's name up to its version) are removed from DEST_JAR's folder.
#
# WildFly indexes every class of every jar in an EAR's lib/ at each deployment unless the jar
# carries its own index, which it then reads instead. elasticsearch-java has 9,963 classes:
# indexing them took 5-9 s of each deployment on a 2-core machine, reading the prebuilt index
# about 0.5 s. The index holds the same classes, so every annotation scan sees what it saw before.
# Re-run only when the source jar changed (a version bump): indexing takes as long here.
set -euo pipefail
java=${1:?JAVA} jandex=${2:?JANDEX_JAR} source=${3:?SOURCE_JAR} dest=${4:?DEST_JAR}

if [[ -f "$dest" && "$dest" -nt "$source" ]] && unzip -l "$dest" META-INF/jandex.idx >/dev/null 2>&1; then
  echo "index-jar: $(basename "$dest") is indexed and up to date"
  exit 0
fi
dir=$(dirname "$dest")
name=$(basename "$dest")
mkdir -p "$dir"
# another version left by an earlier build would land in the EAR beside this one
find "$dir" -maxdepth 1 -name "$(sed -E 's/-[0-9][^-]*\.jar$//' <<<"$name")-[0-9]*.jar" ! -name "$name" -delete
tmp="$dir/.indexing-$name"
cp "$source" "$tmp"
"$java" -jar "$jandex" -m "$tmp" >/dev/null
mv "$tmp" "$dest"
echo "index-jar: indexed $(basename "$dest") ($(unzip -l "$dest" | grep -c '\.class$') classes)"
