from modeltranslation.translator import TranslationOptions, register

from .models import Location, Municipality, PostalCode


@register(Municipality)
class MunicipalityTranslationOptions(TranslationOptions):
    fields = ("name", "region_name")


@register(PostalCode)
class PostalCodeTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Location)
class LocationTranslationOptions(TranslationOptions):
    fields = ("name", "street_address", "city", "accessibility", "place_type")
