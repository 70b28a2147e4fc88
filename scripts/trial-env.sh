# The local trial's settings, shared by scripts/serve and scripts/flask (sourced, not run).
# Secrets for this machine's trial are made once and kept in instance/ (never committed).

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
    set -a
    source "$secrets"
    : "${FEEDBACK_PUBLIC_BASE_URL:=http://127.0.0.1:${PORT:-5000}}"
    : "${FEEDBACK_SMS_BACKEND:=console}"
    : "${FEEDBACK_COMPANY_NAME:=Demo AB}"
    # Mail goes to a local SMTP server that files every message under instance/mail/new.
    : "${FEEDBACK_SMTP_URL:=smtp://127.0.0.1:8025}"
    : "${FEEDBACK_MAIL_FROM:=feedback@demo.example}"
    set +a
}
