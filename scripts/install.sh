# Shared install steps for scripts/serve and scripts/test (sourced, not run).

install_python_env() {
    local extra="${1:-}"
    if [ ! -x .venv/bin/python ]; then
        python3 -m venv .venv
    fi
    .venv/bin/python -m pip install --quiet --upgrade pip
    if [ -n "$extra" ]; then
        .venv/bin/python -m pip install --quiet --editable ".[$extra]"
    else
        .venv/bin/python -m pip install --quiet --editable .
    fi
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
