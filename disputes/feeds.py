"""Atom feeds that carry their browser stylesheet: Django writes `<?xml-stylesheet?>` for RSS only."""

from django.utils.feedgenerator import Atom1Feed
from django.utils.xmlutils import SimplerXMLGenerator


class StyledAtom1Feed(Atom1Feed):
    """Atom 1.0 with the feed's stylesheets as processing instructions before the root element."""

    def write(self, outfile, encoding):
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        # A stylesheet must come after the XML declaration and before any element.
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", str(stylesheet))
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")
