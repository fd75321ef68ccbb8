"""Parse a page's HTML to read its text as a reader sees it.

Email addresses carry line-break hints (<wbr>) that a browser never shows; left in,
BeautifulSoup's get_text(" ") would read "name@ partners.org".
"""

from bs4 import BeautifulSoup


def parse(content):
    page = BeautifulSoup(content, "html.parser")
    for hint in page.find_all("wbr"):
        hint.decompose()
    page.smooth()
    return page
