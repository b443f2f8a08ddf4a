from modeltranslation.translator import TranslationOptions, register

from .models import Promotion


@register(Promotion)
class PromotionTranslationOptions(TranslationOptions):
    fields = ("name", "description", "terms")
