#!/usr/bin/env bash
# Fuzzes the manifest parser and the request-number parsing with libFuzzer (Sources/hck-fuzz) for a
# bounded time: a build with -sanitize=fuzzer into .build/fuzz, then a run seeded with the manifest
# corpus and scripts/fuzz-seeds. A finding stops the run, keeps its input under .build/fuzz/findings
# and fails; replay it with a plain build: .build/debug/hck-fuzz FILE.
#   FUZZ_SECONDS  how long to fuzz (default 60)
#   HCK_CORPUS    the manifest corpus (default ../shared/corpus/srht-manifests)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
corpus=${HCK_CORPUS:-$(cd .. && pwd)/shared/corpus/srht-manifests}

echo "fuzz: building hck-fuzz with libFuzzer (.build/fuzz)"
swift build --product hck-fuzz --build-path .build/fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -DHCK_LIBFUZZER -Xswiftc -use-ld=lld
binary=$(swift build --product hck-fuzz --build-path .build/fuzz --show-bin-path \
    -Xswiftc -sanitize=fuzzer -Xswiftc -DHCK_LIBFUZZER -Xswiftc -use-ld=lld)/hck-fuzz

# libFuzzer adds what it finds to its first folder: a scratch copy, so the seeds stay as they are.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp scripts/fuzz-seeds/* "$work"/
if compgen -G "$corpus/*.yml" > /dev/null; then
    cp "$corpus"/*.yml "$work"/
else
    echo "fuzz: no manifest corpus at $corpus (set HCK_CORPUS); seeding with scripts/fuzz-seeds alone" >&2
fi
mkdir -p .build/fuzz/findings
echo "fuzz: $(ls "$work" | wc -l) seeds, ${seconds} s"
# Swift's own crash handler would take the trap of a finding (SIGILL) before libFuzzer could keep
# the input: off, so libFuzzer reports it and writes it under .build/fuzz/findings.
SWIFT_BACKTRACE=enable=no "$binary" -handle_ill=1 -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
    -artifact_prefix=.build/fuzz/findings/ -print_final_stats=1 "$work"
