"""E-mails to portal users, each rendered in the recipient's preferred language."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def render_in_language(language, subject_template, body_template, context):
    """Return (subject, body) rendered with `language` active."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(subject_template, context).split())
        body = render_to_string(body_template, context)
    return subject, body


def send_in_language(address, language, subject_template, body_template, context):
    subject, body = render_in_language(language, subject_template, body_template, context)
    send_mail(subject, body, None, [address])


def send_to_users(users, subject_template, body_template, context):
    """Send one e-mail to each user with an address, in that user's language.

    A failure to send to one address is logged and does not stop the others, because the
    change that caused the e-mails has already been committed.
    """
    sent = 0
    for user in users:
        if not user.email or not user.is_active:
            continue
        try:
            send_in_language(user.email, user.preferred_language, subject_template, body_template, {**context, "user": user})
            sent += 1
        except OSError:  # smtplib.SMTPException and connection errors
            logger.exception("Sending an e-mail to user %s failed", user.pk)
    return sent
