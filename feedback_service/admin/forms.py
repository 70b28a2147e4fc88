"""The admin pages' forms; Flask-WTF adds and checks the CSRF token on each."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from feedback_service.languages import LANGUAGES
from feedback_service.staff.directory import SLUG_PATTERN
from feedback_service.staff.models import Role

LANGUAGE_CHOICES = ["", *LANGUAGES]  # "": the service's DEFAULT_LANGUAGE


class TeamForm(FlaskForm):
    name = StringField(validators=[InputRequired(), Length(max=200)])
    slug = StringField(validators=[InputRequired(), Regexp(SLUG_PATTERN)])


class TeamNameForm(FlaskForm):
    name = StringField(validators=[InputRequired(), Length(max=200)])


class AgentForm(FlaskForm):
    handle = StringField(validators=[InputRequired(), Regexp(SLUG_PATTERN)])
    name = StringField(validators=[InputRequired(), Length(max=200)])
    email = EmailField(validators=[Optional(), Length(max=254), Email()])
    team = SelectField(choices=[""], validate_choice=True)
    # One address a line: client:NAME, sip:..., or a phone number.
    addresses = TextAreaField(validators=[Length(max=2000)])
    language = SelectField(choices=LANGUAGE_CHOICES)
    active = BooleanField(default=True)


class CheckboxesField(SelectMultipleField):
    """A choice of several, as a list of checkboxes with their own labels."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PersonForm(FlaskForm):
    name = StringField(validators=[InputRequired(), Length(max=200)])
    email = EmailField(validators=[InputRequired(), Length(max=254), Email()])
    role = SelectField(choices=[role.value for role in Role])
    teams = CheckboxesField(choices=[], validate_choice=True)
    language = SelectField(choices=LANGUAGE_CHOICES)
    active = BooleanField(default=True)


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
