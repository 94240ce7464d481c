"""The styles and numbering of a generated Word redline: the right (else left) document's, else defaults."""

from __future__ import annotations

from lxml import etree

from policydiff.renderers import _ooxml as ox


def template(*candidates: bytes | None) -> tuple[etree._Element, etree._Element]:
    """Return the styles and numbering roots: from the first DOCX that has them, else clean defaults."""
    from policydiff.readers.docx import Package, main_part

    styles: etree._Element | None = None
    numbering: etree._Element | None = None
    for data in candidates:
        if data is None or styles is not None:
            continue
        try:
            package = Package(data, "template")
            main = main_part(package)
            rels = package.rels(main)
            names = {rt: t for rt, t, ext in rels.values() if not ext and rt in ("styles", "numbering")}
            if "styles" in names and package.has(names["styles"]):
                styles = package.xml(names["styles"])
                if "numbering" in names and package.has(names["numbering"]):
                    numbering = _without_pictures(package.xml(names["numbering"]))
        except Exception:  # an unreadable template (corrupt, ODT, unsafe) never stops the redline
            styles = numbering = None
    if styles is None or styles.tag != ox.w("styles"):
        styles, numbering = ox.styles(), None
    if numbering is None or numbering.tag != ox.w("numbering"):
        numbering = ox.numbering()
    return styles, numbering


def _without_pictures(numbering: etree._Element) -> etree._Element:
    """Return a reused numbering part without picture bullets (their images are not carried over)."""
    for tag in ("numPicBullet", "lvlPicBulletId"):
        for el in list(numbering.iter(ox.w(tag))):
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)
    return numbering
