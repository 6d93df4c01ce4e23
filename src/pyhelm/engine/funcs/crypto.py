"""Sprig's crypto functions (sprig v3.3 ``crypto.go``) as Helm installs them.

Hashes (``sha1sum sha256sum sha512sum adler32sum``), ``bcrypt``/``htpasswd``,
``derivePassword`` (the Master Password algorithm), ``randBytes``, AES-CBC
``encryptAES``/``decryptAES``, private keys (``genPrivateKey``) and X.509
certificates (``genCA``, ``genSelfSignedCert``, ``genSignedCert`` and their
``WithKey`` variants, ``buildCustomCert``) returned as :class:`Certificate`.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import hmac
import ipaddress
import os
import secrets
import struct
import zlib
from collections.abc import Callable
from typing import Any

from pyhelm.engine.errors import FuncError
from pyhelm.engine.funcs._args import declare_params, want_int, want_list, want_str, wrong_type

# --------------------------------------------------------------------------- hashes


def sha1sum(value: Any) -> str:
    """Sprig ``sha1sum STR`` → hex SHA-1 of the UTF-8 bytes."""
    return hashlib.sha1(want_str(value).encode("utf-8", "surrogateescape")).hexdigest()


def sha256sum(value: Any) -> str:
    """Sprig ``sha256sum STR`` → hex SHA-256."""
    return hashlib.sha256(want_str(value).encode("utf-8", "surrogateescape")).hexdigest()


def sha512sum(value: Any) -> str:
    """Sprig ``sha512sum STR`` → hex SHA-512."""
    return hashlib.sha512(want_str(value).encode("utf-8", "surrogateescape")).hexdigest()


def adler32sum(value: Any) -> str:
    """Sprig ``adler32sum STR`` → the Adler-32 checksum in decimal."""
    return str(zlib.adler32(want_str(value).encode("utf-8", "surrogateescape")))


# --------------------------------------------------------------------------- passwords


def _bcrypt_hash(password: str) -> str:
    import bcrypt as bcrypt_lib

    raw = password.encode("utf-8", "surrogateescape")
    if len(raw) > 72:
        return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes"
    return bcrypt_lib.hashpw(raw, bcrypt_lib.gensalt(rounds=10, prefix=b"2a")).decode("ascii")


def bcrypt(value: Any) -> str:
    """Sprig ``bcrypt STR`` → a ``$2a$10$`` bcrypt hash (or Sprig's failure text for > 72 bytes)."""
    return _bcrypt_hash(want_str(value))


def htpasswd(username: Any, password: Any) -> str:
    """Sprig ``htpasswd USER PASS`` → ``USER:<bcrypt hash>``; ``invalid username: U`` if it has ``:``."""
    user, pw = want_str(username), want_str(password)
    if ":" in user:
        return f"invalid username: {user}"
    return f"{user}:{_bcrypt_hash(pw)}"


_MASTER_SEED = b"com.lyndir.masterpassword"

_PASSWORD_TEMPLATES: dict[str, list[str]] = {
    "maximum": ["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
    "long": [
        "CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv",
        "CvccCvcvCvcvno", "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc",
        "CvcvCvcvnoCvcc", "CvcvCvcvCvccno", "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno",
        "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno", "CvccnoCvcvCvcc", "CvccCvcvnoCvcc",
        "CvccCvcvCvccno",
    ],
    "medium": ["CvcnoCvc", "CvcCvcno"],
    "short": ["Cvcn"],
    "basic": ["aaanaaan", "aannaaan", "aaannaaa"],
    "pin": ["nnnn"],
}

_TEMPLATE_CHARS = {
    "V": "AEIOU",
    "C": "BCDFGHJKLMNPQRSTVWXYZ",
    "v": "aeiou",
    "c": "bcdfghjklmnpqrstvwxyz",
    "A": "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
    "a": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
    "n": "0123456789",
    "o": "@&%?,=[]_:-+*$#!'^~;()/.",
    "x": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
}


def _want_uint32(value: Any) -> int:
    """A Go ``uint32`` parameter: template integer constants in range (typed ints such as int64 are rejected)."""
    from pyhelm.engine.runtime import type_name

    if isinstance(value, int) and not isinstance(value, bool) and type_name(value) in ("int", "uint32"):
        if 0 <= value < (1 << 32):
            return int(value)
    raise wrong_type("uint32", value)


def derive_password(counter: Any, password_type: Any, password: Any, user: Any, site: Any) -> str:
    """Sprig ``derivePassword COUNTER TYPE PASSWORD USER SITE`` (Master Password v3 derivation).

    scrypt(N=32768, r=8, p=2) of PASSWORD salted with the seed and USER, then an
    HMAC-SHA256 over SITE and COUNTER picks a template of TYPE (maximum, long,
    medium, short, basic, pin). Unknown TYPE → ``cannot find password template T``.
    """
    count = _want_uint32(counter)
    kind, pw, usr, st = (want_str(v) for v in (password_type, password, user, site))
    templates = _PASSWORD_TEMPLATES.get(kind)
    if templates is None:
        return f"cannot find password template {kind}"
    user_b, site_b = usr.encode(), st.encode()
    salt = _MASTER_SEED + struct.pack(">I", len(user_b)) + user_b
    key = hashlib.scrypt(pw.encode(), salt=salt, n=32768, r=8, p=2, dklen=64, maxmem=128 * 1024 * 1024)
    message = _MASTER_SEED + struct.pack(">I", len(site_b)) + site_b + struct.pack(">I", count)
    seed = hmac.new(key, message, hashlib.sha256).digest()
    template = templates[seed[0] % len(templates)]
    chars = []
    for i, cls in enumerate(template):
        alphabet = _TEMPLATE_CHARS[cls]
        chars.append(alphabet[seed[i + 1] % len(alphabet)])
    return "".join(chars)


def rand_bytes(count: Any) -> str:
    """Sprig ``randBytes N`` → base64 of N cryptographically random bytes."""
    n = want_int(count)
    if n < 0:
        raise FuncError("runtime error: makeslice: len out of range")
    return base64.b64encode(secrets.token_bytes(n)).decode("ascii")


# --------------------------------------------------------------------------- AES


def _aes_key(password: str) -> bytes:
    return password.encode("utf-8", "surrogateescape")[:32].ljust(32, b"\0")


def encrypt_aes(password: Any, plaintext: Any) -> str:
    """Sprig ``encryptAES KEY TEXT`` → base64(IV + AES-256-CBC(PKCS#7-padded TEXT)).

    The key is KEY's bytes truncated or zero-padded to 32. Empty TEXT gives ``""``.
    """
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    key, text = want_str(password), want_str(plaintext)
    if text == "":
        return ""
    content = text.encode("utf-8", "surrogateescape")
    pad = 16 - len(content) % 16
    content += bytes([pad]) * pad
    iv = os.urandom(16)
    enc = Cipher(algorithms.AES(_aes_key(key)), modes.CBC(iv)).encryptor()
    return base64.b64encode(iv + enc.update(content) + enc.finalize()).decode("ascii")


def decrypt_aes(password: Any, crypt64: Any) -> str:
    """Sprig ``decryptAES KEY B64`` → the plaintext of :func:`encrypt_aes` output.

    Raises FuncError with Go's messages: bad base64 (``illegal base64 data at input
    byte N``), short or misaligned input and bad padding (Go runtime panics).
    """
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    key, text = want_str(password), want_str(crypt64)
    if text == "":
        return ""
    crypt = go_b64decode(text)
    if len(crypt) < 16:
        raise FuncError(f"runtime error: slice bounds out of range [:16] with capacity {len(crypt)}")
    iv, body = crypt[:16], crypt[16:]
    if len(body) % 16:
        raise FuncError("crypto/cipher: input not full blocks")
    if not body:
        raise FuncError("runtime error: index out of range [-1]")
    dec = Cipher(algorithms.AES(_aes_key(key)), modes.CBC(iv)).decryptor()
    plain = dec.update(body) + dec.finalize()
    end = len(plain) - plain[-1]
    if end < 0:
        raise FuncError(f"runtime error: slice bounds out of range [:{end}]")
    return plain[:end].decode("utf-8", "surrogateescape")


def go_b64decode(text: str) -> bytes:
    """Go ``base64.StdEncoding.DecodeString``; raises FuncError ``illegal base64 data at input byte N``."""
    from pyhelm.engine.funcs.encoding import CorruptInput
    from pyhelm.engine.funcs.encoding import go_b64decode as decode

    try:
        return decode(text)
    except CorruptInput as err:
        raise FuncError(f"illegal base64 data at input byte {err.args[0]}") from None


# --------------------------------------------------------------------------- keys


def _rsa_key(bits: int) -> Any:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def _new_key(kind: str) -> Any:
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519

    if kind in ("", "rsa"):
        return _rsa_key(4096)
    if kind == "dsa":
        return dsa.generate_private_key(key_size=2048)
    if kind == "ecdsa":
        return ec.generate_private_key(ec.SECP256R1())
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    return None


def _key_pem(key: Any) -> str:
    """PEM as Sprig's ``pemBlockForKey``: PKCS#1 RSA, SEC1 EC, OpenSSL DSA, else PKCS#8."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa

    fmt = serialization.PrivateFormat.PKCS8
    if isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | dsa.DSAPrivateKey):
        fmt = serialization.PrivateFormat.TraditionalOpenSSL
    raw = key.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption())
    return raw.decode("ascii")


def gen_private_key(kind: Any) -> str:
    """Sprig ``genPrivateKey TYPE`` → PEM of a new rsa (4096), dsa, ecdsa (P-256) or ed25519 key.

    An unknown TYPE returns ``Unknown type TYPE``.
    """
    name = want_str(kind)
    key = _new_key(name)
    if key is None:
        return "Unknown type " + name
    return _key_pem(key)


def _pem_line(data: str) -> tuple[str, str]:
    """Go pem's ``getLine``: the first line without trailing spaces/tabs/CR, and the rest."""
    i = data.find("\n")
    if i < 0:
        return data.rstrip(" \t\r"), ""
    return data[:i].rstrip(" \t\r"), data[i + 1:]


def _pem_start(rest: str) -> str | None:
    """The text after the next ``-----BEGIN `` (at the start or after a newline), or None."""
    if rest.startswith("-----BEGIN "):
        return rest[11:]
    i = rest.find("\n-----BEGIN ")
    return None if i < 0 else rest[i + 12:]


def _pem_body(type_line: str, rest: str) -> bytes | None:
    """Decode the body of a block whose BEGIN line named ``type_line``; None if malformed."""
    from pyhelm.engine.funcs.encoding import CorruptInput
    from pyhelm.engine.funcs.encoding import go_b64decode as decode

    has_headers = False
    while True:
        if not rest:
            return None
        line, nxt = _pem_line(rest)
        if ":" not in line:
            break
        has_headers = True
        rest = nxt
    if not has_headers and rest.startswith("-----END "):
        end_index, trailer_index = 0, 9
    else:
        end_index = rest.find("\n-----END ")
        trailer_index = end_index + 10
    if end_index < 0:
        return None
    trailer = rest[trailer_index:]
    want = type_line + "-----"
    if not trailer.startswith(want) or _pem_line(trailer[len(want):])[0]:
        return None
    try:
        return decode(rest[:end_index].replace(" ", "").replace("\t", ""))
    except CorruptInput:
        return None


def _pem_block(text: str) -> tuple[str, bytes] | None:
    """The first well-formed PEM block of ``text`` as (type, DER bytes), or None (Go ``pem.Decode``)."""
    rest = text
    while True:
        after = _pem_start(rest)
        if after is None:
            return None
        type_line, rest = _pem_line(after)
        if not type_line.endswith("-----"):
            continue
        type_line = type_line[:-5]
        body = _pem_body(type_line, rest)
        if body is not None:
            return type_line, body


_GO_FIELD_PARAMS = (
    "{optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> "
    "stringType:0 timeType:0 set:false omitEmpty:false}"
)

# Go structs Sprig and crypto/x509 unmarshal keys into: (struct name, [(ASN.1 tag, Go field type name)]).
_INT, _OCTETS, _SEQ = 2, 4, 16
_STRUCTS: dict[str, tuple[str, list[tuple[int, str]]]] = {
    "pkcs1": ("pkcs1PrivateKey", [(_INT, "int"), (_INT, ""), (_INT, "int"), (_INT, ""), (_INT, ""), (_INT, "")]),
    "ec": ("ecPrivateKey", [(_INT, "int"), (_OCTETS, "")]),
    "pkcs8": ("pkcs8", [(_INT, "int"), (_SEQ, "AlgorithmIdentifier"), (_OCTETS, "")]),
    "dsa": ("DSAKeyFormat", [(_INT, "int")] + [(_INT, "")] * 5),
}


class _Asn1Error(Exception):
    """An encoding/asn1 error; ``args[0]`` is Go's message."""


def _tag_and_length(der: bytes, pos: int) -> tuple[tuple[int, int, bool, int], int]:
    """Go asn1 ``parseTagAndLength``: ((class, tag, compound, length), content offset)."""
    truncated = _Asn1Error("asn1: syntax error: truncated tag or length")
    if pos >= len(der):
        raise truncated
    b = der[pos]
    cls, compound, tag = b >> 6, bool(b & 0x20), b & 0x1F
    pos += 1
    if tag == 0x1F:
        tag, pos = _base128(der, pos)
        if tag < 0x1F:
            raise _Asn1Error("asn1: syntax error: non-minimal tag")
    if pos >= len(der):
        raise truncated
    b = der[pos]
    pos += 1
    if b & 0x80 == 0:
        return (cls, tag, compound, b), pos
    count = b & 0x7F
    if count == 0:
        raise _Asn1Error("asn1: syntax error: indefinite length found (not DER)")
    length = 0
    for _ in range(count):
        if pos >= len(der):
            raise truncated
        if length >= 1 << 23:
            raise _Asn1Error("asn1: structure error: length too large")
        length = length << 8 | der[pos]
        pos += 1
        if length == 0:
            raise _Asn1Error("asn1: structure error: superfluous leading zeros in length")
    if length < 0x80:
        raise _Asn1Error("asn1: structure error: non-minimal length")
    return (cls, tag, compound, length), pos


def _base128(der: bytes, pos: int) -> tuple[int, int]:
    """Go asn1 ``parseBase128Int`` for high tag numbers."""
    value = 0
    for shifted in range(5):
        if pos >= len(der):
            break
        b = der[pos]
        pos += 1
        if shifted == 0 and b == 0x80:
            raise _Asn1Error("asn1: syntax error: integer is not minimally encoded")
        value = value << 7 | (b & 0x7F)
        if not b & 0x80:
            if value > 0x7FFFFFFF:
                raise _Asn1Error("asn1: structure error: base 128 integer too large")
            return value, pos
    raise _Asn1Error("asn1: syntax error: truncated base 128 integer")


def _expect(der: bytes, pos: int, tag: int, type_name: str) -> tuple[int, int]:
    """Parse one element expected to carry universal ``tag``; return (content start, end)."""
    if pos == len(der):
        raise _Asn1Error("asn1: syntax error: sequence truncated")
    (cls, got, compound, length), start = _tag_and_length(der, pos)
    if cls != 0 or got != tag or compound != (tag == _SEQ):
        described = f"{{class:{cls} tag:{got} length:{length} isCompound:{str(compound).lower()}}}"
        raise _Asn1Error(
            f"asn1: structure error: tags don't match ({tag} vs {described}) {_GO_FIELD_PARAMS} {type_name} @{start}"
        )
    if start + length > len(der):
        raise _Asn1Error("asn1: syntax error: data truncated")
    if tag == _INT and type_name == "int" and length > 8:
        raise _Asn1Error("asn1: structure error: integer too large")
    return start, start + length


def _unmarshal_error(der: bytes, shape: str) -> str | None:
    """Go ``asn1.Unmarshal(der, &struct)``'s error for the key struct ``shape``, or None when it fits."""
    name, fields = _STRUCTS[shape]
    try:
        start, end = _expect(der, 0, _SEQ, name)
        inner, pos = der[start:end], 0
        for tag, type_name in fields:
            pos = _expect(inner, pos, tag, type_name)[1]
    except _Asn1Error as err:
        return str(err)
    return None


def _fits(der: bytes, shape: str) -> bool:
    """Whether ``der`` unmarshals into the Go struct for ``shape``."""
    return _unmarshal_error(der, shape) is None


def _trailing(der: bytes) -> bool:
    try:
        (_, _, _, length), start = _tag_and_length(der, 0)
    except _Asn1Error:
        return False
    return start + length < len(der)


_USE_INSTEAD = "x509: failed to parse private key (use {} instead for this key format)"


def _load_der(der: bytes, pem_type: str) -> Any:
    from cryptography.hazmat.primitives import serialization

    if pem_type == "PRIVATE KEY":
        return serialization.load_der_private_key(der, None)
    wrapped = f"-----BEGIN {pem_type}-----\n{base64.encodebytes(der).decode()}-----END {pem_type}-----\n"
    return serialization.load_pem_private_key(wrapped.encode(), None)


def _parse_pkcs1(der: bytes) -> Any:
    """Go ``x509.ParsePKCS1PrivateKey`` (error wording for the common mistakes)."""
    error = _unmarshal_error(der, "pkcs1")
    if error is None and _trailing(der):
        raise ValueError("asn1: syntax error: trailing data")
    if error is not None:
        if _fits(der, "ec"):
            raise ValueError(_USE_INSTEAD.format("ParseECPrivateKey"))
        if _fits(der, "pkcs8"):
            raise ValueError(_USE_INSTEAD.format("ParsePKCS8PrivateKey"))
        raise ValueError(error)
    return _load_der(der, "RSA PRIVATE KEY")


def _parse_ec(der: bytes) -> Any:
    """Go ``x509.ParseECPrivateKey``."""
    error = _unmarshal_error(der, "ec")
    if error is not None:
        if _fits(der, "pkcs8"):
            raise ValueError(_USE_INSTEAD.format("ParsePKCS8PrivateKey"))
        if _fits(der, "pkcs1"):
            raise ValueError(_USE_INSTEAD.format("ParsePKCS1PrivateKey"))
        raise ValueError("x509: failed to parse EC private key: " + error)
    return _load_der(der, "EC PRIVATE KEY")


def _parse_pkcs8(der: bytes) -> Any:
    """Go ``x509.ParsePKCS8PrivateKey``."""
    error = _unmarshal_error(der, "pkcs8")
    if error is not None:
        if _fits(der, "ec"):
            raise ValueError(_USE_INSTEAD.format("ParseECPrivateKey"))
        if _fits(der, "pkcs1"):
            raise ValueError(_USE_INSTEAD.format("ParsePKCS1PrivateKey"))
        raise ValueError(error)
    from cryptography.exceptions import UnsupportedAlgorithm

    try:
        key = _load_der(der, "PRIVATE KEY")
    except UnsupportedAlgorithm:
        raise ValueError(
            f"x509: PKCS#8 wrapping contained private key with unknown algorithm: {_pkcs8_oid(der)}"
        ) from None
    oid = _unsupported_pkcs8_oid(key)
    if oid:
        raise ValueError(f"x509: PKCS#8 wrapping contained private key with unknown algorithm: {oid}")
    return key


def _pkcs8_oid(der: bytes) -> str:
    """Dotted OID of a PKCS#8 structure's AlgorithmIdentifier (structure already checked)."""
    _, start = _tag_and_length(der, 0)
    _, start = _tag_and_length(der, _expect(der, start, _INT, "int")[1])
    (_, tag, _, length), pos = _tag_and_length(der, start)
    raw = der[pos:pos + length] if tag == 6 else b""
    arcs: list[int] = []
    value = 0
    for b in raw:
        value = value << 7 | (b & 0x7F)
        if not b & 0x80:
            arcs.append(value)
            value = 0
    if not arcs:
        return ""
    first = min(arcs[0] // 40, 2)
    return ".".join(str(a) for a in [first, arcs[0] - 40 * first, *arcs[1:]])


def _unsupported_pkcs8_oid(key: Any) -> str:
    """The algorithm OID of a PKCS#8 key type Go's x509 does not read (DSA, Ed448, X448, DH), else ``""``."""
    from cryptography.hazmat.primitives.asymmetric import dh, dsa, ed448, x448

    table = ((dsa.DSAPrivateKey, "1.2.840.10040.4.1"), (ed448.Ed448PrivateKey, "1.3.101.113"),
             (x448.X448PrivateKey, "1.3.101.111"), (dh.DHPrivateKey, "1.2.840.113549.1.3.1"))
    return next((oid for cls, oid in table if isinstance(key, cls)), "")


class UnusableDSAKey:
    """A DSA key Go would accept from PEM but OpenSSL cannot load: it can neither sign nor be certified."""


def _parse_dsa(der: bytes) -> Any:
    """Sprig's DSAKeyFormat: a SEQUENCE of at least six INTEGERs (version, P, Q, G, Y, X)."""
    from cryptography.hazmat.primitives.asymmetric import dsa

    error = _unmarshal_error(der, "dsa")
    if error is not None:
        raise ValueError(error)
    try:
        key = _load_der(der, "DSA PRIVATE KEY")
    except (ValueError, TypeError):
        return UnusableDSAKey()
    return key if isinstance(key, dsa.DSAPrivateKey) else UnusableDSAKey()


def _parse_private_key(pem_text: str) -> Any:
    """Sprig ``parsePrivateKeyPEM``; raises ValueError with Sprig's (and Go x509's) message."""
    block = _pem_block(pem_text)
    if block is None:
        raise ValueError("no PEM data in input")
    kind, der = block
    if kind == "PRIVATE KEY":
        return _guard("decoding PEM as PKCS#8", _parse_pkcs8, der)
    if not kind.endswith(" PRIVATE KEY"):
        raise ValueError(f"no private key data in PEM block of type {kind}")
    parsers = {"RSA": _parse_pkcs1, "EC": _parse_ec, "DSA": _parse_dsa}
    algo = kind[:-12]
    if algo not in parsers:
        raise ValueError(f"invalid private key type {kind}")
    return _guard(f"parsing {algo} private key from PEM", parsers[algo], der)


def _guard(label: str, parser: Callable[[bytes], Any], der: bytes) -> Any:
    from cryptography.exceptions import UnsupportedAlgorithm

    try:
        return parser(der)
    except (ValueError, TypeError, UnsupportedAlgorithm) as err:
        raise ValueError(f"{label}: {err}") from None


# --------------------------------------------------------------------------- certificates


class Certificate:
    """Sprig's ``certificate`` struct: PEM ``Cert`` and ``Key`` strings."""

    __go_type__ = "sprig.certificate"

    def __init__(self, cert: str, key: str) -> None:
        self.Cert = cert
        self.Key = key

    def __go_fields__(self) -> dict[str, Any]:
        """Exported fields in declaration order."""
        return {"Cert": self.Cert, "Key": self.Key}

    def __go_json__(self) -> dict[str, Any]:
        return {"Cert": self.Cert, "Key": self.Key}

    def __repr__(self) -> str:
        return f"Certificate(Cert={self.Cert[:40]!r}..., Key=...)"


def _go_v(value: Any) -> str:
    try:
        from pyhelm.engine import runtime

        return runtime.format_v(value)
    except (ImportError, AttributeError):
        return str(value)


def _parse_ip(text: str) -> Any:
    """Go ``net.ParseIP``: dotted IPv4 (no leading zeros) or IPv6 without a zone; None if invalid."""
    if "%" in text:
        return None
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _net_ips(values: list[Any]) -> list[Any]:
    out = []
    for item in values:
        if not isinstance(item, str):
            raise FuncError(f"error parsing ip: {_go_v(item)} is not a string")
        ip = _parse_ip(item)
        if ip is None:
            raise FuncError(f"error parsing ip: {item}")
        out.append(ip)
    return out


def _dns_names(values: list[Any]) -> list[str]:
    out = []
    for item in values:
        if not isinstance(item, str):
            raise FuncError(f"error processing alternate dns name: {_go_v(item)} is not a string")
        out.append(item)
    return out


def _signing_hash(key: Any) -> Any:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519

    if isinstance(key, ed25519.Ed25519PrivateKey | ed448.Ed448PrivateKey):
        return None
    if isinstance(key, ec.EllipticCurvePrivateKey):
        size = key.curve.key_size
        return hashes.SHA512() if size > 384 else hashes.SHA384() if size > 256 else hashes.SHA256()
    return hashes.SHA256()


def _check_signer(key: Any) -> None:
    """Go's CreateCertificate needs a crypto.Signer: DSA and X25519/X448 keys are not."""
    from cryptography.hazmat.primitives.asymmetric import dsa, x448, x25519

    if isinstance(key, dsa.DSAPrivateKey | x25519.X25519PrivateKey | x448.X448PrivateKey | UnusableDSAKey):
        raise FuncError("error creating certificate: x509: certificate private key does not implement crypto.Signer")


def _check_certifiable(key: Any) -> None:
    """Go's x509 cannot put a DSA public key in a certificate."""
    from cryptography.hazmat.primitives.asymmetric import dsa

    if isinstance(key, dsa.DSAPrivateKey | UnusableDSAKey):
        raise FuncError("error creating certificate: x509: unsupported public key type: *dsa.PublicKey")


_PRINTABLE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'()+,-./:=? ")


def _common_name(cn: str) -> Any:
    """The CN attribute encoded as Go's encoding/asn1 does: PrintableString when possible, else UTF8String."""
    from cryptography import x509
    from cryptography.x509.name import _ASN1Type
    from cryptography.x509.oid import NameOID

    kind = _ASN1Type.PrintableString if all(ch in _PRINTABLE for ch in cn) else _ASN1Type.UTF8String
    return x509.NameAttribute(NameOID.COMMON_NAME, cn, _type=kind)


def _der_header(der: bytes, pos: int) -> tuple[int, int]:
    """(content start, content length) of the DER element at ``pos``."""
    first = der[pos + 1]
    if first < 0x80:
        return pos + 2, first
    count = first & 0x7F
    return pos + 2 + count, int.from_bytes(der[pos + 2:pos + 2 + count], "big")


def _subject_key_id(public_key: Any) -> bytes:
    """Go's generated SubjectKeyId: the first 20 bytes of SHA-256 of the subjectPublicKey bits (RFC 7093)."""
    from cryptography.hazmat.primitives import serialization

    spki = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    body, _ = _der_header(spki, 0)
    algo_start, algo_len = _der_header(spki, body)
    bits_start, bits_len = _der_header(spki, algo_start + algo_len)
    return hashlib.sha256(spki[bits_start + 1:bits_start + bits_len]).digest()[:20]


def _build_cert(
    cn: str, ips: list[Any], dns: list[str], days: int, key: Any, *, is_ca: bool,
    issuer: Any = None, issuer_key: Any = None,
) -> Certificate:
    """Create and sign a certificate shaped like Sprig's ``getBaseCertTemplate`` + ``getCertAndKey``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import ExtendedKeyUsageOID

    signer = issuer_key if issuer_key is not None else key
    _check_signer(signer)
    _check_certifiable(key)
    subject = x509.Name([_common_name(cn)] if cn else [])
    now = _dt.datetime.now(_dt.UTC).replace(microsecond=0)
    serial = 0
    while serial == 0:
        serial = secrets.randbits(128)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if issuer is not None else subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(now)
        .not_valid_after(now + _dt.timedelta(days=days))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=True,
                data_encipherment=False, key_agreement=False, key_cert_sign=is_ca, crl_sign=False,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
    )
    if is_ca:
        builder = builder.add_extension(x509.SubjectKeyIdentifier(_subject_key_id(key.public_key())), critical=False)
    if issuer is not None:
        try:
            ski = issuer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
            builder = builder.add_extension(
                x509.AuthorityKeyIdentifier(ski.digest, None, None), critical=False
            )
        except x509.ExtensionNotFound:
            pass
    if dns or ips:
        names: list[x509.GeneralName] = [x509.DNSName(d) for d in dns]
        names += [x509.IPAddress(ip) for ip in ips]
        # RFC 5280: the SAN extension is critical when the subject is empty (as Go marks it).
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=not cn)
    try:
        cert = builder.sign(signer, _signing_hash(signer))
    except (ValueError, TypeError) as err:
        raise FuncError(f"error creating certificate: {err}") from None
    cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
    return Certificate(cert_pem, _key_pem(key))


def _key_from_pem(pem_text: Any) -> Any:
    text = want_str(pem_text)
    try:
        return _parse_private_key(text)
    except ValueError as err:
        raise FuncError(f"parsing private key: {err}") from None


def gen_ca(cn: Any, days: Any) -> Certificate:
    """Sprig ``genCA CN DAYS`` → a self-signed CA :class:`Certificate` with a new RSA-2048 key."""
    name, valid = want_str(cn), want_int(days)
    return _build_cert(name, [], [], valid, _rsa_key(2048), is_ca=True)


def gen_ca_with_key(cn: Any, days: Any, key_pem: Any) -> Certificate:
    """Sprig ``genCAWithKey CN DAYS KEYPEM``: :func:`gen_ca` with the given private key."""
    name, valid = want_str(cn), want_int(days)
    return _build_cert(name, [], [], valid, _key_from_pem(key_pem), is_ca=True)


def gen_self_signed_cert(cn: Any, ips: Any, dns: Any, days: Any) -> Certificate:
    """Sprig ``genSelfSignedCert CN IPS DNSNAMES DAYS`` → a self-signed leaf certificate (RSA-2048)."""
    name, ip_list, dns_list, valid = want_str(cn), want_list(ips), want_list(dns), want_int(days)
    return _build_cert(name, _net_ips(ip_list), _dns_names(dns_list), valid, _rsa_key(2048), is_ca=False)


def gen_self_signed_cert_with_key(cn: Any, ips: Any, dns: Any, days: Any, key_pem: Any) -> Certificate:
    """Sprig ``genSelfSignedCertWithKey``: :func:`gen_self_signed_cert` with the given private key."""
    name, ip_list, dns_list, valid = want_str(cn), want_list(ips), want_list(dns), want_int(days)
    key = _key_from_pem(key_pem)
    return _build_cert(name, _net_ips(ip_list), _dns_names(dns_list), valid, key, is_ca=False)


def _want_certificate(value: Any) -> Certificate:
    if isinstance(value, Certificate):
        return value
    raise wrong_type("sprig.certificate", value)


def _signed(cn: Any, ips: Any, dns: Any, days: Any, ca: Any, key_source: Callable[[], Any]) -> Certificate:
    from cryptography import x509

    name, ip_list, dns_list, valid = want_str(cn), want_list(ips), want_list(dns), want_int(days)
    authority = _want_certificate(ca)
    key = key_source()
    block = _pem_block(authority.Cert)
    if block is None:
        raise FuncError("unable to decode certificate")
    try:
        parent = x509.load_der_x509_certificate(block[1])
    except ValueError as err:
        raise FuncError(f"error parsing certificate: decodedSignerCert.Bytes: {_cert_error(err)}") from None
    try:
        parent_key = _parse_private_key(authority.Key)
    except ValueError as err:
        raise FuncError(f"error parsing private key: {err}") from None
    return _build_cert(name, _net_ips(ip_list), _dns_names(dns_list), valid, key, is_ca=False,
                       issuer=parent, issuer_key=parent_key)


def gen_signed_cert(cn: Any, ips: Any, dns: Any, days: Any, ca: Any) -> Certificate:
    """Sprig ``genSignedCert CN IPS DNSNAMES DAYS CA`` → a leaf certificate signed by CA (new RSA-2048 key)."""
    return _signed(cn, ips, dns, days, ca, lambda: _rsa_key(2048))


def gen_signed_cert_with_key(cn: Any, ips: Any, dns: Any, days: Any, ca: Any, key_pem: Any) -> Certificate:
    """Sprig ``genSignedCertWithKey``: :func:`gen_signed_cert` with the given private key."""
    return _signed(cn, ips, dns, days, ca, lambda: _key_from_pem(key_pem))


_CERT_PARTS = (
    ("TbsCertificate::version", "version"), ("TbsCertificate::serial", "serial number"),
    ("TbsCertificate::signature_alg", "signature algorithm identifier"), ("TbsCertificate::issuer", "issuer"),
    ("TbsCertificate::validity", "validity"), ("TbsCertificate::subject", "subject"),
    ("TbsCertificate::spki", "spki"), ("TbsCertificate::raw_extensions", "extensions"),
    ("Certificate::tbs_cert", "tbs certificate"),
)


def _cert_error(err: Exception) -> str:
    """Go x509.ParseCertificate's ``x509: malformed ...`` wording for a certificate cryptography rejected."""
    text = str(err)
    part = next((name for marker, name in _CERT_PARTS if marker in text), "")
    return f"x509: malformed {part}" if part else "x509: malformed certificate"


def build_custom_cert(b64cert: Any, b64key: Any) -> Certificate:
    """Sprig ``buildCustomCert B64CERT B64KEY`` → :class:`Certificate` after validating both PEMs."""
    from cryptography import x509

    cert_text, key_text = want_str(b64cert), want_str(b64key)
    try:
        cert = go_b64decode(cert_text)
    except FuncError:
        raise FuncError("unable to decode base64 certificate") from None
    try:
        key = go_b64decode(key_text)
    except FuncError:
        raise FuncError("unable to decode base64 private key") from None
    cert_str = cert.decode("utf-8", "surrogateescape")
    key_str = key.decode("utf-8", "surrogateescape")
    block = _pem_block(cert_str)
    if block is None:
        raise FuncError("unable to decode certificate")
    try:
        x509.load_der_x509_certificate(block[1])
    except ValueError as err:
        raise FuncError(f"error parsing certificate: decodedCert.Bytes: {_cert_error(err)}") from None
    try:
        _parse_private_key(key_str)
    except ValueError as err:
        raise FuncError(f"error parsing private key: {err}") from None
    return Certificate(cert_str, key_str)


FUNCS: dict[str, Callable[..., Any]] = {
    "sha1sum": sha1sum,
    "sha256sum": sha256sum,
    "sha512sum": sha512sum,
    "adler32sum": adler32sum,
    "bcrypt": bcrypt,
    "htpasswd": htpasswd,
    "derivePassword": derive_password,
    "randBytes": rand_bytes,
    "encryptAES": encrypt_aes,
    "decryptAES": decrypt_aes,
    "genPrivateKey": gen_private_key,
    "buildCustomCert": build_custom_cert,
    "genCA": gen_ca,
    "genCAWithKey": gen_ca_with_key,
    "genSelfSignedCert": gen_self_signed_cert,
    "genSelfSignedCertWithKey": gen_self_signed_cert_with_key,
    "genSignedCert": gen_signed_cert,
    "genSignedCertWithKey": gen_signed_cert_with_key,
}

_LIST = "[]interface {}"

# Go parameter types (Sprig's signatures) for the compiler's literal-argument checks.
declare_params(
    FUNCS,
    {
        "sha1sum": ("string",),
        "sha256sum": ("string",),
        "sha512sum": ("string",),
        "adler32sum": ("string",),
        "bcrypt": ("string",),
        "htpasswd": ("string", "string"),
        "derivePassword": ("uint32", "string", "string", "string", "string"),
        "randBytes": ("int",),
        "encryptAES": ("string", "string"),
        "decryptAES": ("string", "string"),
        "genPrivateKey": ("string",),
        "buildCustomCert": ("string", "string"),
        "genCA": ("string", "int"),
        "genCAWithKey": ("string", "int", "string"),
        "genSelfSignedCert": ("string", _LIST, _LIST, "int"),
        "genSelfSignedCertWithKey": ("string", _LIST, _LIST, "int", "string"),
        "genSignedCert": ("string", _LIST, _LIST, "int", "sprig.certificate"),
        "genSignedCertWithKey": ("string", _LIST, _LIST, "int", "sprig.certificate", "string"),
    },
)
