# The local trial's settings, shared by scripts/serve and scripts/flask (sourced, not run).
# Secrets for this machine's trial are made once and kept in instance/ (never committed).

# PORT (web, default 5000) and MAIL_PORT (the trial's mail server, default 8025) for a new
# trial: stops with a message when the web port is taken; a taken mail port moves to a free
# one. Kept in instance/trial-ports.env so that ./scripts/flask reaches the running trial.
choose_trial_ports() {
    mkdir -p instance
    local ports
    ports="$(.venv/bin/python -m feedback_service.trial.ports)" || return 1
    eval "$ports"
    export PORT MAIL_PORT
    printf ': "${PORT:=%s}"\n: "${MAIL_PORT:=%s}"\n' "$PORT" "$MAIL_PORT" > instance/trial-ports.env
}

load_trial_env() {
    mkdir -p instance
    local secrets=instance/local-trial.env
    if [ ! -f "$secrets" ]; then
        (
            umask 077
            .venv/bin/python - > "$secrets" <<'PYTHON'
import secrets
print(f"FEEDBACK_SECRET_KEY={secrets.token_hex(32)}")
print(f"FEEDBACK_TWILIO_AUTH_TOKEN={secrets.token_hex(16)}")
print(f"FEEDBACK_API_TOKEN={secrets.token_urlsafe(24)}")
print(f"FEEDBACK_PBX_WEBHOOK_SECRET={secrets.token_hex(16)}")
PYTHON
        )
    fi
    if [ -f instance/trial-ports.env ]; then
        source instance/trial-ports.env
    fi
    : "${PORT:=5000}" "${MAIL_PORT:=8025}"
    set -a
    source "$secrets"
    : "${FEEDBACK_PUBLIC_BASE_URL:=http://127.0.0.1:${PORT}}"
    : "${FEEDBACK_SMS_BACKEND:=console}"
    : "${FEEDBACK_COMPANY_NAME:=Demo AB}"
    # Quiet hours start off in the trial, so that its SMS survey works at any hour; set
    # FEEDBACK_SMS_QUIET_HOURS=21-08 to try them (the service's own default is 21-08).
    : "${FEEDBACK_SMS_QUIET_HOURS=}"
    # Mail goes to the trial's own mail server, which files every message under instance/mail/new.
    : "${FEEDBACK_SMTP_URL:=smtp://127.0.0.1:${MAIL_PORT}}"
    : "${FEEDBACK_MAIL_FROM:=feedback@demo.example}"
    set +a
}
