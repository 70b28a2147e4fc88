# Shared install steps for scripts/serve and scripts/test (sourced, not run).

# The virtual environment and the Python that makes it: .venv and the machine's python3, unless
# VENV and VENV_PYTHON name others (CI runs the suite again on the newest Python the machine has).
VENV="${VENV:-.venv}"
VENV_PYTHON="${VENV_PYTHON:-python3}"

# Install requirements/LOCK.lock (every package pinned, with hashes) into $VENV, then the
# project itself without dependencies. A stamp of the locks, pyproject.toml and this file in
# $VENV skips all of it when nothing changed since the last install; dev.lock holds everything
# trial.lock does, so a .venv made for the tests serves the trial too.
install_python_env() {
    local lock="$1"
    if [ ! -x "$VENV/bin/python" ]; then
        "$VENV_PYTHON" -m venv "$VENV"
    fi
    local stamp="$VENV/installed-lock"
    local wanted
    wanted="$("$VENV/bin/python" - "$lock" <<'PYTHON'
import hashlib, pathlib, sys
files = ["pyproject.toml", "scripts/install.sh",
         *sorted(str(p) for p in pathlib.Path("requirements").glob("*.lock"))]
digest = hashlib.sha256(b"".join(pathlib.Path(f).read_bytes() for f in files)).hexdigest()
print(digest)
PYTHON
)"
    if [ -f "$stamp" ]; then
        local installed_hash installed_lock
        read -r installed_hash installed_lock < "$stamp"
        if [ "$installed_hash" = "$wanted" ] && { [ "$installed_lock" = "$lock" ] || [ "$installed_lock" = dev ]; }; then
            compile_translations
            return
        fi
    fi
    echo "Installing the service and its $lock packages into $VENV (only when they change)..."
    rm -f "$stamp"
    # The lock holds every package, so pip need not resolve (--no-deps, a quarter faster);
    # `pip check` confirms that nothing is missing.
    "$VENV/bin/python" -m pip install --quiet --no-deps --require-hashes \
        --requirement "requirements/$lock.lock"
    "$VENV/bin/python" -m pip install --quiet --no-deps --editable .
    local check
    if ! check="$("$VENV/bin/python" -m pip check 2>&1)"; then
        echo "$check" >&2
        return 1
    fi
    compile_translations
    echo "$wanted $lock" > "$stamp"
}

# The service reads its texts from compiled catalogues (.mo, not committed): compile each .po
# that is newer than its .mo, after a checkout or a translator's edit.
compile_translations() {
    local po
    for po in feedback_service/translations/*/LC_MESSAGES/messages.po; do
        if [ ! -f "${po%.po}.mo" ] || [ "$po" -nt "${po%.po}.mo" ]; then
            PYBABEL="$VENV/bin/pybabel" scripts/translations compile
            return
        fi
    done
}

# Page tests drive Debian's headless Chromium; install it when it is missing.
install_chromium() {
    if command -v chromium >/dev/null 2>&1; then
        return
    fi
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

# The proxy test runs the shipped nginx configuration with Debian's nginx; install it when it
# is missing. The package's own service is not started (the tests start nginx themselves).
install_nginx() {
    if [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1; then
        return
    fi
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
}

# The page tests inject axe-core (tests/package.json, pinned in tests/package-lock.json) into
# every page; npm ci installs exactly the locked version, only when the lock changed.
install_page_checks() {
    if ! command -v npm >/dev/null 2>&1; then
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq npm >/dev/null
    fi
    local stamp=tests/node_modules/.installed-lock
    if [ -f "$stamp" ] && cmp -s tests/package-lock.json "$stamp"; then
        return
    fi
    echo "Installing the page checks' npm packages into tests/node_modules..."
    (cd tests && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    cp tests/package-lock.json "$stamp"
}
