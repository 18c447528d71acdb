#!/usr/bin/env bash
# Install the Debian packages that browser and PostgreSQL tests need, when they are missing
# and we may (root with apt-get). Otherwise say so: those tests then skip with a reason.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
        || echo "system-deps: could not install ${need[*]}; their tests will skip"
else
    echo "system-deps: missing ${need[*]} (not root); browser/PostgreSQL tests will skip"
fi
exit 0
