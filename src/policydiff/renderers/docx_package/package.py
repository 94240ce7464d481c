"""The copy of the right package: left paragraphs copied in, pictures, comments, links, parts, bytes."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from lxml import etree

from policydiff.model import Clause
from policydiff.ooxml import build as ox
from policydiff.ooxml.names import REL, R, w
from policydiff.renderers.docx_package.marks import _AFTER_TRACK_REVISIONS, _mark, _range
from policydiff.renderers.docx_package.names import (
    _BODY,
    _COMMENT_REF,
    _COMMENTS_TYPE,
    _DEL,
    _DRAWING,
    _HYPERLINK,
    _ID,
    _INS,
    _NUM_ID,
    _P,
    _PPR,
    _PPR_CHANGE,
    _PSTYLE,
    _R,
    _RPR,
    _RSTYLE,
    _RUN_ONLY_STRIPPED,
    _SECT_PR,
    _STRIPPED_FROM_COPIES,
    _TBL_STYLE,
    _VAL,
    _W14,
    _WP,
)
from policydiff.renderers.docx_package.numbering import _Numbering
from policydiff.renderers.docx_package.runs import (
    _ANCHORS,
    _expand_simple_fields,
    _freeze_fields,
    _in_text_box,
    _inline,
    _to_deleted_text,
    _wrap_runs,
)


class _Package(_Numbering):
    __slots__ = ()

    def left_copies(self, clause: Clause, kind: str, move: str | None, right: Sequence[Clause]) -> list[Any]:
        """Return copies of a left clause's paragraphs with their runs and marks deleted (moved from)."""
        units = self.left.units(clause)
        if not units:
            self.notes.append(f"left clause {clause.id} not found in its package: not shown")
            return []
        if _in_text_box(units[0].element):
            # A copy would stand in the body (the box itself is not copied: see copy_left).
            self.boxed += 1
            return []
        marks = self.attrs() if move is not None else {}
        return [
            self.deleted_copy(unit.element, kind, move, marks, first=index == 0, last=index == len(units) - 1)
            for index, unit in enumerate(units)
        ]

    def deleted_copy(
        self, element: Any, kind: str, move: str | None, marks: dict[str, str], *, first: bool, last: bool
    ) -> Any:
        """Return a copy of a left paragraph with its runs and mark deleted (moved from: `move`, its
        range's start in the first paragraph, its end in the last)."""
        p = self.copy_left(element, carry=True)
        _expand_simple_fields(p)
        _freeze_fields(p)
        _to_deleted_text(p, kind)
        _wrap_runs(p, kind, self.attrs)
        if move is not None:
            if first:
                _range(p, "moveFromRangeStart", marks, move, first=True)
            if last:
                _range(p, "moveFromRangeEnd", {_ID: marks[_ID]}, None, first=False)
        _mark(p, kind, self.attrs())
        return p

    # ------------------------------------------------------------ copies from the left

    def copy_left(
        self,
        element: Any,
        *,
        prune: bool = True,
        carry: bool = False,
        parts: tuple[str, str] | None = None,
    ) -> Any:
        """Return a copy of a left paragraph fit for the right package (styles, lists, links).

        With `carry` (a paragraph of the left main part), its inline pictures and its comments come
        along, copied into the right package's parts; other shapes, text boxes and notes are left out
        (they point into the left package). `parts`: the left part the paragraph is in and the right
        part it goes to (a header or footer), when not the main parts (its links' relationships).
        """
        p = copy.deepcopy(element)
        self.direct_numbering(p)
        comments: dict[str, str] = {}
        if carry:
            for ref in p.iter(_COMMENT_REF):
                new_id = self.carry_comment(ref.get(_ID, ""))
                if new_id is not None:
                    comments[ref.get(_ID, "")] = new_id
        for el in list(p.iter()):
            tag = el.tag
            if tag == _DRAWING and carry and _inline(el) and self.carry_picture(el):
                continue
            if tag == _COMMENT_REF and el.get(_ID) in comments:
                # The reference alone, inside the deleted run: its range marks cannot be deleted with
                # the text, and a kept range mark would lend the comment to the next paragraph.
                el.set(_ID, comments[el.get(_ID, "")])
                continue
            if tag in _STRIPPED_FROM_COPIES or tag in _RUN_ONLY_STRIPPED or tag == _SECT_PR:
                parent = el.getparent()
                if parent is not None:
                    parent.remove(el)
                    if tag in _ANCHORS:
                        self.dropped_objects += 1
        for el in p.iter():
            for attr in (f"{{{_W14}}}paraId", f"{{{_W14}}}textId"):
                if attr in el.attrib:
                    del el.attrib[attr]
            tag = el.tag
            if tag in (_PSTYLE, _RSTYLE, _TBL_STYLE):
                el.set(_VAL, self.style(el.get(_VAL, "")))
            elif tag == _NUM_ID:
                self.map_num(el)
            elif tag == _HYPERLINK and el.get(f"{{{R}}}id"):
                self.link(el, parts)
        # Runs emptied of what pointed into the left package go too.
        for run in list(p.iter(_R)) if prune else ():
            if all(child.tag == _RPR for child in run):
                run.getparent().remove(run)
        return p

    def carry_picture(self, drawing: Any) -> bool:
        """Point a copied inline picture at copies of its left image parts in the right package;
        return False (it is left out) when it refers to anything but internal image parts."""
        left = self.left.trace.package
        rels = left.rels(self.left.trace.main)
        refs = [
            (el, name)
            for el in drawing.iter()
            for name in el.attrib
            if name in (f"{{{R}}}embed", f"{{{R}}}link", f"{{{R}}}id")
        ]
        found = [rels.get(el.get(name, "")) for el, name in refs]
        if not refs or any(
            rel is None or rel[0] != "image" or rel[2] or not left.has(rel[1]) for rel in found
        ):
            return False
        for (el, name), rel in zip(refs, found, strict=True):
            assert rel is not None
            el.set(name, self.picture_part(rel[1]))
        for props in drawing.iter(f"{{{_WP}}}docPr"):
            props.set("id", str(self.next_shape_id()))
        return True

    def picture_part(self, source: str) -> str:
        """Return the right main part's relationship id of a copy of the left image part `source`."""
        if source not in self.pictures:
            right = self.right.trace.package
            folder = self.right.trace.main.rsplit("/", 1)[0] if "/" in self.right.trace.main else ""
            ext = source.rsplit(".", 1)[-1].lower() if "." in source.rsplit("/", 1)[-1] else "bin"
            n = len(self.pictures) + 1
            while (name := f"{folder}/media/policydiff-left{n}.{ext}".lstrip("/")) in right.names:
                n += 1
            taken = set(right.rels(self.right.trace.main)) | {r for r, _, _ in self.pictures.values()}
            k = n
            while f"rIdPdImage{k}" in taken:
                k += 1
            kind = self.left.trace.package.content_type(source) or "application/octet-stream"
            self.pictures[source] = (f"rIdPdImage{k}", name, kind)
        return self.pictures[source][0]

    def carry_comment(self, left_id: str) -> str | None:
        """Copy a left comment into the right comments part (made when the right has none); return
        its id there, None when there is no such comment."""
        lname = self._part_of(self.left, "comments")
        source = None
        if lname is not None:
            source = next(
                (c for c in self.left.trace.roots[lname].iter(w("comment")) if c.get(_ID) == left_id), None
            )
        if source is None:
            return None
        rname = self._part_of(self.right, "comments") or self.new_part(
            "comments", "comments.xml", _COMMENTS_TYPE, w("comments")
        )
        if rname is None:
            return None
        root = self.right.trace.roots[rname]
        if self.comment_id < 0:
            ids = [int(v) for c in root.iter(w("comment")) if (v := c.get(_ID, "")).isdigit()]
            self.comment_id = max(ids, default=-1)
        self.comment_id += 1
        copied = copy.deepcopy(source)
        copied.set(_ID, str(self.comment_id))
        for el in list(copied.iter()):
            if el.tag in _RUN_ONLY_STRIPPED or el.tag in _STRIPPED_FROM_COPIES:
                el.getparent().remove(el)  # (the comment's own anchors, pictures: not carried)
                continue
            for attr in (f"{{{_W14}}}paraId", f"{{{_W14}}}textId", f"{{{R}}}id"):
                el.attrib.pop(attr, None)
            if el.tag in (_PSTYLE, _RSTYLE):
                el.set(_VAL, self.style(el.get(_VAL, "")))
        root.append(copied)
        self.changed_parts.add(rname)
        return str(self.comment_id)

    def next_shape_id(self) -> int:
        """Return a drawing id (`wp:docPr/@id`) no other drawing of the right document has."""
        if self.shape_id == 0:
            root = self.right.trace.roots[self.right.trace.main]
            ids = [int(v) for v in root.xpath("//*[local-name()='docPr']/@id") if str(v).isdigit()]
            self.shape_id = max(ids, default=0)
        self.shape_id += 1
        return self.shape_id

    def add_pictures(self) -> dict[str, bytes]:
        """Write the copied image parts' relationships and content types; return the parts by name."""
        package = self.right.trace.package
        main = self.right.trace.main
        folder, base = main.rsplit("/", 1) if "/" in main else ("", main)
        rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if not package.has(rels_name) or not package.has("[Content_Types].xml"):
            return {}
        rels = package.xml(rels_name)
        types = package.xml("[Content_Types].xml")
        pr, ct = rels.tag.split("}")[0] + "}", types.tag.split("}")[0] + "}"
        parts = {}
        made = [(REL + rel_type, name, kind) for name, (rel_type, kind) in self.made_parts.items()]
        taken = set(package.rels(main))
        for n, (rel_type, name, kind) in enumerate(made, 1):
            while f"rIdPdPart{n}" in taken:
                n += 1
            taken.add(f"rIdPdPart{n}")
            target = name[len(folder) + 1 :] if folder else name
            etree.SubElement(
                rels, pr + "Relationship", {"Id": f"rIdPdPart{n}", "Type": rel_type, "Target": target}
            )
            etree.SubElement(types, ct + "Override", {"PartName": "/" + name, "ContentType": kind})
            parts[name] = ox.serialise(self.right.trace.roots[name])
        for source, (rel_id, name, kind) in self.pictures.items():
            parts[name] = self.left.trace.package.read(source)
            target = name[len(folder) + 1 :] if folder else name
            etree.SubElement(
                rels, pr + "Relationship", {"Id": rel_id, "Type": REL + "image", "Target": target}
            )
            etree.SubElement(types, ct + "Override", {"PartName": "/" + name, "ContentType": kind})
        self.right.trace.roots[rels_name] = rels
        self.right.trace.roots["[Content_Types].xml"] = types
        self.changed_parts.update((rels_name, "[Content_Types].xml"))
        return parts

    def link(self, hyperlink: Any, parts: tuple[str, str] | None = None) -> None:
        """Point a copied hyperlink at a relationship of the right part (made for its target). `parts`:
        the left part it comes from and the right part it goes to, when not the main parts."""
        lpart, rpart = parts or (self.left.trace.main, self.right.trace.main)
        rel = self.left.trace.package.rels(lpart).get(hyperlink.get(f"{{{R}}}id", ""))
        if rel is None or not rel[2]:
            del hyperlink.attrib[f"{{{R}}}id"]
            return
        target = rel[1]
        from policydiff.segment import is_safe_link

        if not is_safe_link(target):
            del hyperlink.attrib[f"{{{R}}}id"]
            return
        if (rpart, target) not in self.links:
            taken = set(self.right.trace.package.rels(rpart)) | set(self.links.values())
            n = len(self.links) + 1
            while f"rIdPd{n}" in taken:
                n += 1
            self.links[(rpart, target)] = f"rIdPd{n}"
        hyperlink.set(f"{{{R}}}id", self.links[(rpart, target)])

    def copy_left_ppr(self, p: Any) -> Any:
        """Return a left paragraph's `w:pPr` fit for a `w:pPrChange` or a split-off paragraph."""
        props = p.find(_PPR)
        if props is None:
            return None
        holder = etree.Element(_P)
        holder.append(copy.deepcopy(props))
        holder = self.copy_left(holder, prune=False)
        props = holder.find(_PPR)
        for el in list(props):
            if el.tag in (_RPR, _SECT_PR, _PPR_CHANGE):
                props.remove(el)
        return props

    # ------------------------------------------------------------ the package

    def put_cover(self, cover: Any) -> None:
        """Put the summary table first in the body, with the styles it names (made when missing)."""
        body = self.right.trace.roots[self.right.trace.main].find(_BODY)
        styles = self._styles(self.right)
        if styles is not None:
            ox.ensure_styles(styles)
            self.changed_parts.add(self._part_of(self.right, "styles") or "")
        for el in cover.iter(_INS, _DEL):
            el.set(_ID, str(self.next_id))
            self.next_id += 1
        body.insert(0, cover)

    def package_bytes(self) -> bytes:
        package = self.right.trace.package
        parts: dict[str, bytes] = {}
        added = self.add_links() if self.links else {}
        added.update(self.add_pictures() if self.pictures or self.made_parts else {})
        self.track_revisions()
        self.drop_unsafe_links()
        for name in sorted(package.names):
            if name.endswith("/"):
                continue
            if name in self.changed_parts and name in self.right.trace.roots:
                parts[name] = ox.serialise(self.right.trace.roots[name])
            else:
                parts[name] = package.read(name)
        parts.update(added)
        return ox.zip_package(parts)

    def drop_unsafe_links(self) -> None:
        """Drop every external relationship whose target has a scheme other than http(s) or mailto
        (`javascript:` …), and the references to it: as in every report, such a link keeps its text."""
        from policydiff.segment import is_safe_link

        package = self.right.trace.package
        for rels_name in sorted(n for n in package.names if n.endswith(".rels")):
            root = self.right.trace.roots.get(rels_name)
            if root is None:
                root = self.right.trace.roots[rels_name] = package.xml(rels_name)
            dropped = set()
            for rel in list(root):
                target = rel.get("Target", "")
                if rel.get("TargetMode") == "External" and not is_safe_link(target):
                    dropped.add(rel.get("Id", ""))
                    root.remove(rel)
            if not dropped:
                continue
            self.changed_parts.add(rels_name)
            folder, _, base = rels_name.rpartition("/_rels/")
            source = f"{folder}/{base[: -len('.rels')]}" if folder else base[: -len(".rels")]
            if not package.has(source):
                continue
            part = self.right.trace.roots.get(source)
            if part is None:
                part = self.right.trace.roots[source] = package.xml(source)
            for el in part.iter():
                for attribute in [a for a in el.attrib if a.startswith(f"{{{R}}}") and el.get(a) in dropped]:
                    del el.attrib[attribute]
            self.changed_parts.add(source)

    def track_revisions(self) -> None:
        """Switch on Track Changes in the right package's settings, so the reviewer's edits are tracked."""
        name = self._part_of(self.right, "settings")
        root = self.right.trace.roots.get(name) if name is not None else None
        if root is None or root.find(w("trackRevisions")) is not None:
            return
        later = next((child for child in root if child.tag in _AFTER_TRACK_REVISIONS), None)
        element = etree.Element(w("trackRevisions"))
        if later is not None:
            later.addprevious(element)
        else:
            root.append(element)
        self.changed_parts.add(name or "")

    def add_links(self) -> dict[str, bytes]:
        """Write the copied links' relationships into each right part's relationships; return the
        relationship parts made new (a header that had none)."""
        package = self.right.trace.package
        made: dict[str, bytes] = {}
        for part in sorted({part for part, _ in self.links}):
            folder, base = part.rsplit("/", 1) if "/" in part else ("", part)
            rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
            root = self.right.trace.roots.get(rels_name)
            if root is None:
                root = package.xml(rels_name) if package.has(rels_name) else ox.relationships(())
            pr = root.tag.split("}")[0] + "}"
            for (into, target), rel_id in self.links.items():
                if into == part:
                    etree.SubElement(
                        root,
                        pr + "Relationship",
                        {"Id": rel_id, "Type": REL + "hyperlink", "Target": target, "TargetMode": "External"},
                    )
            if package.has(rels_name):
                self.right.trace.roots[rels_name] = root
                self.changed_parts.add(rels_name)
            else:
                made[rels_name] = ox.serialise(root)
        return made
