#!/usr/bin/env bash
# Every test, lint and packaging check. The README's test command runs this, and so does .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

# The docs site is checked in a real browser: Debian's chromium, installed when missing.
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Debian's chromium for the docs site checks"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

# The Redis token store is tested on real redis-server processes (and a Sentinel failover: redis-sentinel), the
# CLI's prompt in a real terminal (tmux), its keychain on a D-Bus session with GNOME Keyring (read back with
# libsecret's secret-tool), and its completions in bash (with bash-completion), zsh and fish: Debian's packages,
# installed when missing.
missing=""
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
command -v redis-sentinel >/dev/null 2>&1 || missing="$missing redis-sentinel"
command -v tmux >/dev/null 2>&1 || missing="$missing tmux"
command -v dbus-run-session >/dev/null 2>&1 || missing="$missing dbus-daemon"
command -v gnome-keyring-daemon >/dev/null 2>&1 || missing="$missing gnome-keyring"
command -v secret-tool >/dev/null 2>&1 || missing="$missing libsecret-tools"
command -v zsh >/dev/null 2>&1 || missing="$missing zsh"
command -v fish >/dev/null 2>&1 || missing="$missing fish"
[ -f /usr/share/bash-completion/bash_completion ] || missing="$missing bash-completion"
if [ -n "$missing" ]; then
  echo "== installing Debian's$missing for the Redis store, terminal, keychain and completion tests"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

echo "== lint (biome)"
pnpm exec biome check .

echo "== build, typecheck, test, publint + attw"
pnpm exec turbo run build typecheck test lint:package --output-logs=new-only --concurrency=2

# Mutation testing of the code that guards tokens and credentials (core, the typed client's middleware, the file
# and Redis stores' locking), one package after the other, each incremental against its committed baseline in
# tooling/mutation/baselines/: only mutants in changed files, or covered by changed tests, run again.
echo "== mutation testing (incremental; reports in reports/mutation/<package>/index.html)"
pnpm test:mutation

echo "== packed contents of every published package"
node --test test/

echo "== benchmark: typecheck cost of the typed client (figures, not a test)"
pnpm --filter @jira-auth/bench run typecheck-cost

echo "== benchmark: the refresh path across 1 to 8 processes on Redis (figures, not a test)"
pnpm --filter @jira-auth/bench run redis-refresh

# The repository stands on its own: a clone of HEAD into an empty folder, with nothing beside it, runs the
# README's main-job command (what a new user does first).
echo "== the README's main job in a fresh clone of HEAD, in an empty folder"
start=$(awk '/<!-- start-command -->/ { found = 1; next } found && /^[^`]/ && NF { print; exit }' README.md)
[ -n "$start" ] || { echo "no start command after <!-- start-command --> in README.md" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
git clone --quiet --no-local "$PWD" "$scratch/jira-auth"
(cd "$scratch/jira-auth" && echo "+ $start" && bash -c "$start")

echo "== all checks passed"
