#!/usr/bin/env bash
# startup.sh: start-up of the NativeAOT `sopsnet` against the floor, measured side by side.
# Builds a NativeAOT hello-world in a scratch folder, encrypts a 40-value YAML with sopsnet and a tiny
# file with age, then runs each command RUNS times (default 30), round-robin so that a busy machine
# slows all of them alike, and prints medians and ratios:
#   sopsnet --version          vs the NativeAOT hello-world
#   sopsnet decrypt (40 values) vs `age -d` of a tiny file
#   SOPSNET=path/to/aot/sopsnet  use that binary (default: publish one into $WORK/aot)
#   BEFORE=path/to/other/sopsnet also time that binary (e.g. one published from an older commit) in the
#                                same rounds, so a change is measured side by side under the same load
#   needs: dotnet (NativeAOT prerequisites: clang, zlib), age, age-keygen
set -euo pipefail
runs=${1:-30}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
work=${WORK:-$(mktemp -d)}
mkdir -p "$work/hello"

sopsnet=${SOPSNET:-}
if [ -z "$sopsnet" ]; then
  dotnet publish "$root/src/SopsNet.Cli" -r linux-x64 -c Release -p:PublishAot=true -o "$work/aot" >/dev/null
  sopsnet=$work/aot/sopsnet
fi

cat > "$work/hello/hello.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <PublishAot>true</PublishAot>
  </PropertyGroup>
</Project>
XML
echo 'System.Console.WriteLine("hello");' > "$work/hello/Program.cs"
dotnet publish "$work/hello" -r linux-x64 -c Release -o "$work/hello/out" >/dev/null
hello=$work/hello/out/hello

rm -f "$work/key.txt"
age-keygen -o "$work/key.txt" 2>/dev/null
recipient=$(grep -o 'age1[0-9a-z]*' "$work/key.txt" | head -1)
export SOPS_AGE_KEY_FILE=$work/key.txt
python3 "$here/gen_big.py" 4 > "$work/small.yaml" # 4 services: 36 values and 5 comments, all encrypted
"$sopsnet" encrypt --age "$recipient" "$work/small.yaml" > "$work/small.enc.yaml" 2>/dev/null
echo "tiny" | age -r "$recipient" > "$work/tiny.age"

names=(hello version decrypt age)
cmds=(
  "$hello"
  "$sopsnet --version"
  "$sopsnet decrypt $work/small.enc.yaml"
  "age -d -i $work/key.txt $work/tiny.age"
)
before=${BEFORE:-}
if [ -n "$before" ]; then
  names+=(before_version before_decrypt)
  cmds+=("$before --version" "$before decrypt $work/small.enc.yaml")
fi
declare -A times
for _ in $(seq "$runs"); do
  for i in "${!names[@]}"; do
    t0=$EPOCHREALTIME
    ${cmds[$i]} >/dev/null 2>&1
    t1=$EPOCHREALTIME
    times[${names[$i]}]+="$(( (${t1/./} - ${t0/./}) )) "
  done
done

median_ms() { tr ' ' '\n' <<<"${times[$1]}" | grep . | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)] / 1000}'; }
h=$(median_ms hello); v=$(median_ms version); d=$(median_ms decrypt); a=$(median_ms age)
echo "medians of $runs runs, ms (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-34s %8s\n' "NativeAOT hello-world" "$h"
printf '%-34s %8s   %.1fx hello-world\n' "sopsnet --version" "$v" "$(awk -v a="$v" -v b="$h" 'BEGIN {print a / b}')"
printf '%-34s %8s\n' "age -d (tiny file)" "$a"
printf '%-34s %8s   %.1fx age -d\n' "sopsnet decrypt (36 values, 5 comments)" "$d" "$(awk -v a="$d" -v b="$a" 'BEGIN {print a / b}')"
if [ -n "$before" ]; then
  bv=$(median_ms before_version); bd=$(median_ms before_decrypt)
  printf '%-34s %8s   %.1fx hello-world\n' "before: sopsnet --version" "$bv" "$(awk -v a="$bv" -v b="$h" 'BEGIN {print a / b}')"
  printf '%-34s %8s   %.1fx age -d\n' "before: sopsnet decrypt" "$bd" "$(awk -v a="$bd" -v b="$a" 'BEGIN {print a / b}')"
fi
