"""Optional sign-in through an OpenID Connect provider (mozilla-django-oidc).

Only enabled when settings OIDC_RP_CLIENT_ID is set. An identity maps to the portal
account with the same verified e-mail address; a new address gets a new account without
roles, which an invitation or an administrator then gives access.
"""

import logging

import requests
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from core.i18n import normalise_language

logger = logging.getLogger(__name__)


def is_verified(claims):
    # Providers that send no email_verified claim are trusted to verify addresses; those
    # that send false are not.
    return claims.get("email_verified", True) not in (False, "false", "False")


def user_from_claims(claims):
    """Return the account for the OIDC `claims`, creating one for a new verified address.

    Returns None when the claims carry no e-mail address or an unverified one.
    """
    email = (claims.get("email") or "").strip()
    if not email or not is_verified(claims):
        return None
    User = get_user_model()
    users = list(User._default_manager.filter(email__iexact=email)[:2])
    if len(users) > 1:
        raise SuspiciousOperation("Several accounts have the e-mail address of this identity")
    if users:
        user = users[0]
        if not user.is_active:
            return None
        return user
    user = User._default_manager.create_user(
        username=email.lower()[:150],
        email=email,
        first_name=(claims.get("given_name") or "")[:150],
        last_name=(claims.get("family_name") or "")[:150],
    )
    user.preferred_language = normalise_language(claims.get("locale")) or user.preferred_language
    user.set_unusable_password()
    user.save()
    logger.info("Created user %s at the first OIDC sign-in", user.pk)
    return user


class PortalOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        """Sign in through the identity provider, or return None when it rejects the sign-in.

        A forged, reused or expired code makes the provider return an error, and a token
        that fails verification raises SuspiciousOperation. Either ends as a failed sign-in
        (the sign-in page with a message), not as a server error.
        """
        try:
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, SuspiciousOperation) as error:
            logger.warning("OpenID Connect sign-in failed: %s", type(error).__name__)
            return None

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        return user_from_claims(claims)
