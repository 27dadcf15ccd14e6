"""API tokens: obtained with a username and password, hashed at rest, expiring, revocable by their owner."""

from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from knox.settings import knox_settings
from knox.views import LogoutView
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.throttles import ScopedRateThrottle
from jurisdictions.audit import record_event

from .errors import InvalidInput


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text="Send as `Authorization: Token <token>`")
    expiry = serializers.DateTimeField(read_only=True)


class ObtainTokenView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        summary="A new API token for a username and password; it expires (see `expiry`)",
        request=AuthTokenSerializer,
        responses={200: TokenSerializer, 400: OpenApiResponse(description="Wrong username or password")},
    )
    def post(self, request: Request) -> Response:
        # The plain request, so a lockout marked on it by django-axes reaches its middleware (JSON 429).
        serializer = AuthTokenSerializer(data=request.data, context={"request": request._request})
        if not serializer.is_valid():
            raise InvalidInput("unable to sign in with that username and password")
        user = serializer.validated_data["user"]
        instance, token = AuthToken.objects.create(user, expiry=knox_settings.TOKEN_TTL)
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        record_event(request, "token_created", user=user, detail=f"expires {instance.expiry:%Y-%m-%d %H:%M %Z}")
        return Response({"token": token, "expiry": instance.expiry})


class RevokeTokenView(LogoutView):
    """Revoke the token this request is signed with."""

    @extend_schema(summary="Revoke the token sent with this request", request=None, responses={204: None})
    def post(self, request: Request, format=None) -> Response:
        record_event(request, "token_revoked", user=request.user)
        return super().post(request, format)
