"""The pages' forms; Flask-WTF adds and checks the CSRF token on each."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length

from feedback_service.surveys.models import FollowUpStatus


class LoginForm(FlaskForm):
    email = EmailField(validators=[InputRequired(), Length(max=254)])
    password = PasswordField(validators=[InputRequired(), Length(max=1000)])


class FollowUpForm(FlaskForm):
    status = RadioField(
        choices=[FollowUpStatus.CONTACTED.value, FollowUpStatus.RESOLVED.value],
        validators=[InputRequired()],
    )
    note = TextAreaField(validators=[Length(max=2000)])
