#!/usr/bin/env bash
# big.sh: the issue-14 bulk file end to end, NativeAOT `sopsnet` against the npm sops-decoder peer.
# Generates gen_big.py SERVICES (default 5000: 45,000 values, 1.2 MB plaintext), encrypts it for a fresh
# age key, then times RUNS runs (default 5) of each and prints medians, ratios and peak memory
# (/usr/bin/time, max RSS) against the encrypted file's size. CPU time (user+sys) is printed beside the wall
# time: on a shared machine it is the steadier of the two.
#   SOPSNET=path/to/aot/sopsnet  use that binary (default: publish one into $WORK/aot)
#   needs: python3, age-keygen, node + `npm ci --prefix bench/peer`, /usr/bin/time
set -euo pipefail
services=${1:-5000}
runs=${RUNS:-5}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"

sopsnet=${SOPSNET:-}
if [ -z "$sopsnet" ]; then
  dotnet publish "$root/src/SopsNet.Cli" -r linux-x64 -c Release -p:PublishAot=true -o "$work/aot" >/dev/null
  sopsnet=$work/aot/sopsnet
fi
[ -d "$here/peer/node_modules/sops-decoder" ] || npm ci --prefix "$here/peer" --no-audit --no-fund >/dev/null

python3 "$here/gen_big.py" "$services" > "$work/big.yaml"
rm -f "$work/key.txt"
age-keygen -o "$work/key.txt" 2>/dev/null
recipient=$(grep -o 'age1[0-9a-z]*' "$work/key.txt" | head -1)
export SOPS_AGE_KEY_FILE=$work/key.txt
"$sopsnet" encrypt --age "$recipient" "$work/big.yaml" > "$work/big.enc.yaml" 2>/dev/null
datakey=$(python3 "$here/datakey.py" "$work/big.enc.yaml" "$work/key.txt")
enc_bytes=$(stat -c %s "$work/big.enc.yaml")

# RUNS runs of a command (output discarded): "median wall ms, median CPU (user+sys) ms, max peak RSS kB"
measure() {
  local walls=() cpus=() peak=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$@" >/dev/null 2>&1
    read -r e u s m < "$work/time.txt"
    walls+=("$(awk -v x="$e" 'BEGIN {print int(x * 1000)}')")
    cpus+=("$(awk -v a="$u" -v b="$s" 'BEGIN {print int((a + b) * 1000)}')")
    [ "$m" -gt "$peak" ] && peak=$m
  done
  med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  echo "$(med "${walls[@]}") $(med "${cpus[@]}") $peak"
}

read -r dec dec_cpu dec_kb < <(measure "$sopsnet" decrypt "$work/big.enc.yaml")
read -r enc enc_cpu enc_kb < <(measure "$sopsnet" encrypt --age "$recipient" "$work/big.yaml")
read -r peer peer_cpu peer_kb < <(measure env PEERS_NODE_DIR="$here/peer" node "$here/sops-decoder-decrypt.mjs" "$work/big.enc.yaml" "$datakey")

echo "file: gen_big.py $services, $(stat -c %s "$work/big.yaml") bytes plaintext, $enc_bytes bytes encrypted; medians of $runs runs (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-28s %8s %8s %8s %8s %16s\n' what 'wall ms' 'x peer' 'CPU ms' 'x peer' 'peak MB (x enc)'
row() {
  printf '%-28s %8d %8s %8d %8s %8.1f (%.1fx)\n' "$1" "$2" "$(awk -v a="$2" -v b="$peer" 'BEGIN {printf "%.2f", a / b}')" \
    "$3" "$(awk -v a="$3" -v b="$peer_cpu" 'BEGIN {printf "%.2f", a / b}')" \
    "$(awk -v k="$4" 'BEGIN {print k / 1024}')" "$(awk -v k="$4" -v e="$enc_bytes" 'BEGIN {print k * 1024 / e}')"
}
row "sopsnet decrypt" "$dec" "$dec_cpu" "$dec_kb"
row "sopsnet encrypt" "$enc" "$enc_cpu" "$enc_kb"
row "sops-decoder decrypt (peer)" "$peer" "$peer_cpu" "$peer_kb"
