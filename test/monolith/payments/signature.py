"""Verification of the provider's `Payment-Signature: t=<unix seconds>,v1=<hex hmac-sha256>` header."""
import hashlib
import hmac
import time


class SignatureError(Exception):
    """str() is the detail to answer with."""


def sign(secret, timestamp, body):
    """Hex HMAC-SHA256 of b"<timestamp>." + body, keyed with the webhook secret."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def parse_header(header):
    """Return (timestamp, [v1 signatures]) or raise SignatureError."""
    timestamp, signatures = None, []
    for item in (header or "").split(","):
        key, sep, value = item.strip().partition("=")
        if not sep:
            continue
        if key == "t":
            timestamp = value
        elif key == "v1":
            signatures.append(value)
    if timestamp is None or not timestamp.isdigit() or not signatures:
        raise SignatureError("Missing or malformed signature header.")
    return int(timestamp), signatures


def verify(header, body, secret, tolerance):
    timestamp, signatures = parse_header(header)
    expected = sign(secret, timestamp, body).encode()
    if not any(hmac.compare_digest(expected, candidate.encode()) for candidate in signatures):
        raise SignatureError("Invalid signature.")
    if abs(time.time() - timestamp) > tolerance:
        raise SignatureError("Signature timestamp outside tolerance.")
