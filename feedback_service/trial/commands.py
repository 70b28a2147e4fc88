"""`flask demo` and `flask simulate ...`: try the whole product with no phone system."""

from __future__ import annotations

import sys
from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.phone_numbers import normalize_e164
from feedback_service.settings import current_settings
from feedback_service.trial.demo import DatabaseNotEmpty, ReasonNotInCatalogue, load_demo
from feedback_service.trial.simulator import (
    CallSetup,
    SmsConversation,
    fresh_caller,
    play_call,
    post_call_ended,
)
from feedback_service.trial.transport import (
    HttpTransport,
    InProcessTransport,
    Transport,
    TwilioSigner,
)
from feedback_service.trial.twiml_player import CallerScript, ServiceError, new_sid

TRIAL_COMPANY_NUMBER = "+46101600000"

simulate_cli = AppGroup("simulate", help="Play the phone system against the service.")


@click.command("demo")
@click.option("--if-empty", is_flag=True,
              help="Do nothing, successfully, when the database already holds data.")
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Fill an empty database with demo teams, agents, logins, eight weeks of answers, a team
    goal, an improvement action measured before and after, and a coaching talk."""
    try:
        logins = load_demo(current_settings(), utcnow())
    except DatabaseNotEmpty as error:
        if if_empty:
            click.echo("The database already holds data; no demo data added.")
            return
        raise click.ClickException(f"{error}; the demo only fills an empty database") from None
    except ReasonNotInCatalogue as error:
        raise click.ClickException(f"{error}; no demo data added") from None
    db.session.commit()
    click.echo("Demo data loaded. Logins (shown only this once):")
    for login in logins:
        click.echo(f"  {login.role:<10} {login.email:<24} {login.password}")


def _transport(url: str | None) -> Transport:
    return HttpTransport(url) if url else InProcessTransport(current_app)


def _signer() -> TwilioSigner:
    settings = current_settings()
    return TwilioSigner(settings.public_base_url, settings.twilio_auth_token)



def _company_number(to: str | None) -> str:
    return to or current_settings().twilio_from_number or TRIAL_COMPANY_NUMBER


def _caller(value: str | None) -> str:
    if value is None:
        try:
            return fresh_caller(current_settings().quarantine_days, utcnow())
        except ServiceError as error:
            raise click.ClickException(str(error)) from None
    e164 = normalize_e164(value)
    if e164 is None:
        raise click.BadParameter(f"{value!r} is not a phone number (use +46..., +45...)")
    return e164


def _interactive() -> bool:
    return sys.stdin.isatty()


url_option = click.option("--url", help="A running service (http://127.0.0.1:5000); "
                                        "without it the service runs in this process.")
agent_option = click.option("--agent", required=True, help="The agent's handle.")
caller_option = click.option(
    "--caller", help="The caller's number, E.164 (default: a fictional number no survey has used "
                     "within QUARANTINE_DAYS, so every try is surveyed).")


@simulate_cli.command("call")
@agent_option
@caller_option
@click.option("--topic", help="The call's queue or menu choice.")
@click.option("--survey", "survey_kind", type=click.Choice(["smiley", "nps", "ces"]),
              help="The survey the line asks (`?survey=`); default: SURVEY_KIND.")
@click.option("--keys", default="", help="Keypad answers in order, e.g. 2,3 (empty: silence).")
@click.option("--say", "spoken", multiple=True, help="A spoken answer; repeatable.")
@click.option("--comment", help="What the caller says at the comment question: words for the "
                                "speech recogniser, or a recording where one is asked for.")
@click.option("--speech-not-recognised", is_flag=True,
              help="The recogniser makes out none of the comment's words (the service then "
                   "asks for a recording).")
@click.option("--hangup-after", type=int, help="Hang up after this many answers.")
@click.option("--duration", type=int, default=95, show_default=True,
              help="Seconds the caller talks with the agent.")
@click.option("--to", help="The number the caller dialled.")
@url_option
def simulate_call(agent: str, caller: str | None, topic: str | None, survey_kind: str | None,
                  keys: str, spoken: tuple[str, ...], comment: str | None,
                  speech_not_recognised: bool, hangup_after: int | None, duration: int,
                  to: str | None, url: str | None) -> None:
    """Ring the service as a caller, talk to an agent, and answer the IVR survey."""
    script = CallerScript(
        keys=[k.strip() for k in keys.split(",")] if keys else [],
        say=list(spoken), comment=comment, speech_not_recognised=speech_not_recognised,
        hangup_after=hangup_after,
        ask=(lambda prompt: click.prompt("keys or words", default="", show_default=False))
        if _interactive() and not keys and not spoken else None,
    )
    setup = CallSetup(caller=_caller(caller), company_number=_company_number(to), agent=agent,
                      topic=topic, survey=survey_kind, agent_seconds=duration)
    _run(lambda transport: play_call(transport, _signer(), setup, script, click.echo), url)


@simulate_cli.command("sms")
@agent_option
@caller_option
@click.option("--topic", help="The call's queue or menu choice.")
@click.option("--survey", "survey_kind", type=click.Choice(["smiley", "nps", "ces"]),
              help="The survey the line asks (`?survey=`); default: SURVEY_KIND.")
@click.option("--reply", "replies", multiple=True, help="A text reply, in order; repeatable.")
@click.option("--hook", is_flag=True, help="Start with the generic call-ended hook, not Twilio.")
@click.option("--send-now", is_flag=True,
              help="Send a survey SMS that waits for quiet hours at once, as if they had ended.")
@click.option("--to", help="The service's number the caller texts.")
@url_option
def simulate_sms(agent: str, caller: str | None, topic: str | None, survey_kind: str | None,
                 replies: tuple[str, ...],
                 hook: bool, send_now: bool, to: str | None, url: str | None) -> None:
    """A call the caller leaves with the agent, then the SMS survey, replied to by text."""
    caller = _caller(caller)
    company = _company_number(to)
    flush = current_settings().sms_backend == "console"

    def conversation(transport: Transport) -> None:
        if hook:
            settings = current_settings()
            post_call_ended(transport, settings.pbx_webhook_secret,
                            _hook_body(agent, caller, topic, 95, answered=True), settings.zone,
                            click.echo)
        else:
            setup = CallSetup(caller=caller, company_number=company, agent=agent, topic=topic,
                              survey=survey_kind, caller_hangs_up_with_agent=True)
            play_call(transport, _signer(), setup, CallerScript(), click.echo)
        phone = SmsConversation(transport, _signer(), caller, company, current_settings().zone,
                                click.echo, flush=flush, send_now=send_now)
        if not phone.read_new_messages():
            click.echo("(the caller has no survey SMS to reply to)")
            return
        for text in replies:
            phone.reply(text)
        while not replies and _interactive():
            text = click.prompt("reply (empty to stop)", default="", show_default=False)
            if not text:
                break
            phone.reply(text)

    _run(conversation, url)


@simulate_cli.command("call-ended")
@agent_option
@caller_option
@click.option("--topic")
@click.option("--duration", type=int, default=95, show_default=True)
@click.option("--not-answered", is_flag=True, help="The call was never answered.")
@click.option("--call-id", help="The phone system's call id (default: a new one).")
@url_option
def simulate_call_ended(agent: str, caller: str | None, topic: str | None, duration: int,
                        not_answered: bool, call_id: str | None, url: str | None) -> None:
    """Post the generic phone-system hook, signed, and show the service's decision."""
    body = _hook_body(agent, _caller(caller), topic, duration, answered=not not_answered,
                      call_id=call_id)
    settings = current_settings()
    _run(lambda transport: post_call_ended(transport, settings.pbx_webhook_secret, body,
                                           settings.zone, click.echo), url)


def _hook_body(agent: str, caller: str, topic: str | None, duration: int, *, answered: bool,
               call_id: str | None = None) -> dict[str, object]:
    return {
        "call_id": call_id or new_sid("pbx-"), "caller": caller, "agent": agent,
        "topic": topic, "answered": answered, "duration_seconds": duration,
        "ended_at": datetime.now(current_settings().zone).isoformat(timespec="seconds"),
    }


def _run(scenario, url: str | None) -> None:
    transport = _transport(url)
    try:
        scenario(transport)
    except ServiceError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"could not reach the service at {url}: {error}") from None
    finally:
        transport.close()
