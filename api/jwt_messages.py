"""Messages of djangorestframework-simplejwt that API clients see.

The package ships no Finnish catalogue, and it is not an installed app, so Django does not
load its Swedish one either. Listing the messages here puts them into this app's catalogue,
where they are translated to Finnish and Swedish.
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("No active account found with the given credentials"),
    gettext_noop("Given token not valid for any token type"),
    gettext_noop("Token is invalid"),
    gettext_noop("Token is expired"),
    gettext_noop("Token is invalid or expired"),
    gettext_noop("Token has wrong type"),
    gettext_noop("Token contained no recognizable user identification"),
    gettext_noop("Authorization header must contain two space-delimited values"),
    gettext_noop("User not found"),
    gettext_noop("User is inactive"),
]
