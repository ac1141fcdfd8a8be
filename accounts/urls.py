"""Two-factor pages: the account's devices (below /account/) and the login step (below /accounts/)."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("account/two-factor/", views.TwoFactorView.as_view(), name="two_factor"),
    path("account/two-factor/app/", views.TotpSetupView.as_view(), name="two_factor_totp"),
    path("account/two-factor/recovery-codes/", views.RecoveryCodesView.as_view(), name="two_factor_recovery"),
    path("account/two-factor/remove/", views.TwoFactorRemoveView.as_view(), name="two_factor_remove"),
    path("accounts/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/session/keep-alive/", views.KeepAliveView.as_view(), name="session_keep_alive"),
    path("accounts/two-factor/verify/", views.VerifyView.as_view(), name="two_factor_verify"),
]
