from django.urls import path

from core.security.two_factor import views

urlpatterns = [
    path("", views.manage, name="two_factor_manage"),
    path("setup/", views.setup, name="two_factor_setup"),
    path("verify/", views.verify, name="two_factor_verify"),
    path("recovery-codes/", views.recovery_codes, name="two_factor_recovery_codes"),
]
