from modeltranslation.translator import TranslationOptions, register

from .models import Hobby, HobbyCategory


@register(HobbyCategory)
class HobbyCategoryTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Hobby)
class HobbyTranslationOptions(TranslationOptions):
    fields = ("name", "short_description", "description", "price_details")
