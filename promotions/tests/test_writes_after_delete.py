"""Writes and uses of a promotion that another request deleted after it was read."""

import pytest

from promotions.models import Promotion, PromotionUse
from promotions.services import delete_promotion, redeem_promotion, save_promotion

from .conftest import device_key


@pytest.mark.django_db
def test_saving_deleted_promotion_raises(shop):
    stale = Promotion.objects.get(pk=shop.promotion.pk)
    delete_promotion(Promotion.objects.get(pk=shop.promotion.pk))

    stale.name_fi = "Muutettu"
    with pytest.raises(Promotion.DoesNotExist):
        save_promotion(stale)

    assert not Promotion.objects.filter(pk=shop.promotion.pk).exists()


@pytest.mark.django_db
def test_using_deleted_promotion_raises(shop):
    stale = Promotion.objects.get(pk=shop.promotion.pk)
    delete_promotion(Promotion.objects.get(pk=shop.promotion.pk))

    with pytest.raises(Promotion.DoesNotExist):
        redeem_promotion(stale, device_key=device_key(1))

    assert not PromotionUse.objects.filter(promotion_id=shop.promotion.pk).exists()


@pytest.mark.django_db
def test_deleting_deleted_promotion_raises(shop):
    stale = Promotion.objects.get(pk=shop.promotion.pk)
    delete_promotion(Promotion.objects.get(pk=shop.promotion.pk))

    with pytest.raises(Promotion.DoesNotExist):
        delete_promotion(stale)
