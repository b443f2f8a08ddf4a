"""Redemption codes: drawing them, and reading one that a provider typed in."""

import secrets

from hobbies.timeutils import to_local

from . import errors

# Without 0/O, 1/I/L and 5/S, so that a code read aloud or from a phone screen is unambiguous.
CODE_ALPHABET = "2346789ABCDEFGHJKMNPQRTUVWXYZ"
CODE_LENGTH = 8


def new_redemption_code():
    """Return a random code such as 'K7QM-2XPA', drawn with the `secrets` module.

    29 ** 8 (about 5 * 10 ** 11) codes exist, so a collision with a stored code is rare, and
    the unique index turns one into a retry (promotions.services).
    """
    characters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(characters)


def format_code(characters):
    return f"{characters[:4]}-{characters[4:]}"


def normalise_code(value):
    """Return a typed code in its stored form ('k7qm 2xpa' becomes 'K7QM-2XPA').

    Raise ValidationError (code `redemption_code_invalid`) when it is not 8 characters of
    the alphabet once spaces and hyphens are removed.
    """
    text = str(value or "")
    characters = "".join(text.split()).replace("-", "").upper()
    if len(characters) != CODE_LENGTH or any(character not in CODE_ALPHABET for character in characters):
        raise errors.message("redemption_code_invalid", value=text.strip()[:40])
    return format_code(characters)


def local_text(moment):
    """Return `moment` as Helsinki wall-clock time, 'YYYY-MM-DD HH:MM', for messages."""
    return to_local(moment).strftime("%Y-%m-%d %H:%M")
