"""The data-entry grid opens on the newest periods and shows them whole, at common widths.

At 1366 and 1920 px the newest three months of the demand grid used to fall off
the right edge, and the page scrolled sideways to reach them.
"""

import pytest

from microsystems.models import Microsystem

WIDTHS = [1366, 1920]


def newest_column_fits(page) -> dict:
    """Where the newest period's heading lies, against the window and the grid's scroller."""
    return page.evaluate(
        """() => {
            const headings = document.querySelectorAll('form table thead th');
            const newest = headings[headings.length - 1].getBoundingClientRect();
            const scroller = document.querySelector('form table').closest('.table-responsive')
                .getBoundingClientRect();
            const root = document.documentElement;
            return {
                page_scrolls_sideways: root.scrollWidth > root.clientWidth,
                newest_inside_window: newest.left >= 0 && newest.right <= root.clientWidth,
                newest_inside_scroller: newest.left >= scroller.left - 1
                    && newest.right <= scroller.right + 1,
            };
        }"""
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "path",
    ["/microsystems/{slug}/demand/enter/", "/microsystems/{slug}/measurements/enter/"],
    ids=["demand", "measurements"],
)
def test_newest_period_is_fully_visible_without_sideways_page_scroll(
    signed_in, live_server, width, path
):
    page = signed_in("leader")
    slug = Microsystem.objects.get(name__icontains="Housing Repairs").slug
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + path.format(slug=slug))
    page.locator("table thead th").last.wait_for()
    assert newest_column_fits(page) == {
        "page_scrolls_sideways": False,
        "newest_inside_window": True,
        "newest_inside_scroller": True,
    }
