"""axe-core, run in a browser page by the end-to-end tests (tests/e2e)."""

from pathlib import Path

# The vendored copy (tests/e2e/vendor/README.txt says which version and from where).
AXE_SCRIPT = Path(__file__).resolve().parent.parent / "e2e" / "vendor" / "axe.min.js"


def axe_violations(page) -> list[dict]:
    """WCAG 2.2 A/AA violations that axe-core finds on the page as it stands."""
    # Evaluated through the browser's DevTools protocol, which the page's
    # Content-Security-Policy does not govern; a <script> tag would be refused as
    # inline script. The page itself keeps its policy, so axe sees it as users do.
    page.evaluate(AXE_SCRIPT.read_text() + "\n;undefined")
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values:
                ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
            return result.violations.map(v => ({
                rule: v.id, impact: v.impact,
                where: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
            }));
        }"""
    )
