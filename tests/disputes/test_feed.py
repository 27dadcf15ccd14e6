"""The corrections feed stays Atom and names an XSL stylesheet from the site, so a browser shows it as a page."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from .test_views_public import corrected

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XSL = "{http://www.w3.org/1999/XSL/Transform}"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def parse(body: bytes) -> tuple[list[ET.Element], ET.Element]:
    """The processing instructions before the root element, and the root element."""
    parser = ET.XMLPullParser(events=("pi", "start"))
    parser.feed(body)
    pis, root = [], None
    for event, element in parser.read_events():
        if event == "pi" and root is None:
            pis.append(element)
        elif event == "start" and root is None:
            root = element
    parser.close()
    return pis, root


def stylesheet_href(pi: ET.Element) -> str:
    return re.search(r'href="([^"]+)"', pi.text).group(1)


def test_the_feed_is_atom_in_english_and_names_its_stylesheet(client, sheriff, reviewer, entry):
    correction = corrected(sheriff, reviewer, entry)
    pis, _ = parse(client.get(reverse("corrections-feed")).content)
    [pi] = pis
    assert pi.tag is ET.ProcessingInstruction and pi.text.startswith("xml-stylesheet ")
    assert 'type="text/xsl"' in pi.text and stylesheet_href(pi) == reverse("corrections-feed-style")
    feed = ET.fromstring(client.get(reverse("corrections-feed")).content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert feed.findtext(f"{ATOM}title")
    [item] = feed.findall(f"{ATOM}entry")
    assert item.findtext(f"{ATOM}title").startswith(correction.notice.number)


def test_the_stylesheet_comes_from_the_site_as_xsl_with_a_titled_english_page(client, sheriff, reviewer, entry):
    corrected(sheriff, reviewer, entry)
    feed = client.get(reverse("corrections-feed"))
    href = stylesheet_href(parse(feed.content)[0][0])
    # Same origin: a path on this site, which the policy's default-src 'self' allows.
    assert href.startswith("/") and not href.startswith("//")
    assert "default-src 'self'" in feed["Content-Security-Policy"]
    response = client.get(href)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xsl")
    sheet = ET.fromstring(response.content)
    assert sheet.tag == f"{XSL}stylesheet"
    [html] = sheet.iter("html")
    assert html.get("lang") == "en"
    assert html.find("head/title").text == "Corrections feed · Detainer Corrections"
    assert any(link.get("href", "").startswith("/static/") for link in html.iter("link"))


def test_browsers_get_the_feed_as_xml_to_style_and_feed_readers_as_atom(client, sheriff, reviewer, entry):
    corrected(sheriff, reviewer, entry)
    browser = client.get(reverse("corrections-feed"), HTTP_ACCEPT=BROWSER_ACCEPT)
    reader = client.get(reverse("corrections-feed"), HTTP_ACCEPT="application/atom+xml")
    assert browser["Content-Type"] == "application/xml; charset=utf-8"
    assert reader["Content-Type"].startswith("application/atom+xml")
    assert browser.content == reader.content
    assert "Accept" in browser["Vary"]
