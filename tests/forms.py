"""Reading a page's form as a browser posts it, for tests that submit exactly the fields a page has."""

import re


def posted_fields(html: str, form_start: str) -> dict[str, str]:
    """What a browser posts from the form that starts with `form_start`: each select's selected option (or its
    first), each input's value (a radio only when checked), each textarea's text."""
    start = html.index(form_start)
    form = html[start : html.index("</form>", start)]
    posted = {}
    for name, options in re.findall(r'<select[^>]* name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options) or re.search(r'value="([^"]*)"', options)
        posted[name] = chosen.group(1)
    for tag in re.findall(r"<input [^>]*>", form):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and ('type="radio"' not in tag or " checked" in tag):
            posted[name.group(1)] = value.group(1) if value else ""
    for name, text in re.findall(r'<textarea[^>]* name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        posted[name] = text
    return posted
