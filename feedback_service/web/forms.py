"""The pages' forms; Flask-WTF adds and checks the CSRF token on each."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional

from feedback_service.surveys.models import FollowUpStatus


class LoginForm(FlaskForm):
    email = EmailField(validators=[InputRequired(), Length(max=254)])
    password = PasswordField(validators=[InputRequired(), Length(max=1000)])


# The same rule as `users set-password`.
MIN_PASSWORD_LENGTH = 10


class ForgotPasswordForm(FlaskForm):
    email = EmailField(validators=[InputRequired(), Length(max=254)])


class NewPasswordForm(FlaskForm):
    # Asked only of someone without a name yet (a supervisor added by e-mail alone).
    name = StringField(validators=[Optional(), Length(max=200)])
    password = PasswordField(validators=[InputRequired(), Length(min=MIN_PASSWORD_LENGTH,
                                                                 max=1000)])
    confirm = PasswordField(validators=[InputRequired(), EqualTo("password")])


class FollowUpForm(FlaskForm):
    status = RadioField(
        choices=[FollowUpStatus.CONTACTED.value, FollowUpStatus.RESOLVED.value],
        validators=[InputRequired()],
    )
    note = TextAreaField(validators=[Length(max=2000)])
    # The cause found on the call (a reason code; the view fills in the catalogue), and whether
    # the customer was won back: both optional, "" for not known.
    confirmed_reason = SelectField(choices=[""], validate_choice=True,
                                   validators=[Optional()])
    won_back = RadioField(choices=["yes", "no", ""], validators=[Optional()])


class ActionForm(FlaskForm):
    """An improvement action; the view fills in the reasons and the teams the user may pick."""

    slug = StringField(validators=[InputRequired(), Length(max=64)])
    title = StringField(validators=[InputRequired(), Length(max=200)])
    reason = SelectField(choices=[], validate_choice=True, validators=[InputRequired()])
    started_on = DateField(validators=[InputRequired()])
    # "" for the whole company (offered to admins only).
    team = SelectField(choices=[], validate_choice=True)
    owner = EmailField(validators=[InputRequired(), Email(), Length(max=254)])
