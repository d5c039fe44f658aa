"""URL canonicalisation: one key for every form of the same article's address.

News links reach the bot dressed up: tracking parameters from newsletters and
social sites, `http` and `https`, `www.` or not, trailing slashes, fragments,
default ports and the several AMP forms (`/amp`, `?amp=1`, `amp.` hosts,
`.amp.html`). `canonical_url` strips all of these so two links to one article
compare equal; the result is a key for duplicate detection, while the bot
still fetches the address it was given.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

SCHEMES = ("http", "https")

# Query parameters that only say where a click came from, never which page it is.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "cmpid",
        "ocid",
        "ncid",
        "sr_share",
        "smid",
        "smtyp",
        "soc_src",
        "soc_trk",
        "s_cid",
        "wt.mc_id",
        "taid",
        "fromrss",
        "xtor",
        "spm",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
    }
)
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "hsa_", "itm_", "ns_", "oly_", "vero_")

# Query parameters that ask for the AMP rendering of the same page.
AMP_PARAMS = {"amp": None, "outputtype": "amp", "output": "amp", "format": "amp"}

DEFAULT_PORTS = {"http": 80, "https": 443}

_AMP_PATH_SEGMENT = re.compile(r"/amp(?:\.html?)?/?$", re.IGNORECASE)
_AMP_SUFFIX = re.compile(r"\.amp(\.html?)$", re.IGNORECASE)
_AMP_PREFIX_SEGMENT = re.compile(r"^/amp(?=/)", re.IGNORECASE)


class UrlError(ValueError):
    """A string that is not an http(s) URL the bot can use."""


def is_http_url(text: str) -> bool:
    """True when `text` looks like an absolute http:// or https:// URL."""
    return bool(re.match(r"^https?://[^\s/]+", text.strip(), re.IGNORECASE))


def canonical_url(url: str) -> str:
    """The canonical form of an http(s) URL, for recognising the same article.

    Lower-cased scheme (always https) and host, no `www.`/`m.`/`amp.` host
    prefix, no default port, user info or fragment, no tracking or AMP
    parameters, remaining parameters sorted, no AMP path forms and no trailing
    slash. Raises UrlError for anything that is not an absolute http(s) URL.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise UrlError(f"{url}: only http and https URLs can be fetched")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UrlError(f"{url}: the URL has no host")
    try:
        port = parts.port
    except ValueError as exc:
        raise UrlError(f"{url}: bad port") from exc
    host = canonical_host(host)
    netloc = host if port is None or port == DEFAULT_PORTS[scheme] else f"{host}:{port}"
    if ":" in host and not host.startswith("["):  # an IPv6 literal needs its brackets back
        netloc = f"[{host}]" if port is None or port == DEFAULT_PORTS[scheme] else f"[{host}]:{port}"
    path = canonical_path(parts.path)
    query = canonical_query(parts.query)
    return urlunsplit(("https", netloc, path, query, ""))


def canonical_host(host: str) -> str:
    """Lower-case host without the prefixes that serve the same pages (www., m., amp.)."""
    host = host.lower()
    for prefix in ("www.", "amp.", "m.", "mobile."):
        # Only strip when a registrable name remains ("m.example" stays as it is).
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
    return host


def canonical_path(path: str) -> str:
    """A path with normalised escapes, no AMP forms and no trailing slash."""
    path = quote(unquote(path), safe="/:@!$&'()*+,;=-._~%")
    path = re.sub(r"/{2,}", "/", path)
    path = _AMP_PREFIX_SEGMENT.sub("", path)
    path = _AMP_SUFFIX.sub(r"\1", path)
    path = _AMP_PATH_SEGMENT.sub("", path)
    for index_page in ("/index.html", "/index.htm", "/index.php"):
        if path.lower().endswith(index_page):
            path = path[: -len(index_page)]
    path = path.rstrip("/")
    return path or "/"


def canonical_query(query: str) -> str:
    """The query without tracking or AMP parameters, sorted so order does not matter."""
    kept = [
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)
        if not _is_tracking_param(key) and not _is_amp_param(key, value)
    ]
    return urlencode(sorted(kept))


def _is_tracking_param(key: str) -> bool:
    lower = key.lower()
    return lower in TRACKING_PARAMS or lower.startswith(TRACKING_PREFIXES)


def _is_amp_param(key: str, value: str) -> bool:
    lower = key.lower()
    if lower not in AMP_PARAMS:
        return False
    wanted = AMP_PARAMS[lower]
    if wanted is None:  # ?amp, ?amp=1, ?amp=true all ask for AMP
        return value.lower() in ("", "1", "true", "yes")
    return value.lower() == wanted


def same_article_url(a: str, b: str) -> bool:
    """True when two URLs canonicalise to the same address."""
    try:
        return canonical_url(a) == canonical_url(b)
    except UrlError:
        return False


def host_of(url: str) -> str:
    """The canonical host of a URL ('' when it has none), e.g. to name an unknown outlet."""
    host = urlsplit(url).hostname or ""
    return canonical_host(host) if host else ""
