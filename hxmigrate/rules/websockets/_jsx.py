"""JSX elements as the rules read them: each attribute written as such or as a key of an
object spread into the element (`{...{"hx-ws:connect": url}}`)."""

from __future__ import annotations

from ._js import property_name, string_value

ELEMENTS = frozenset({"jsx_opening_element", "jsx_self_closing_element"})
REQUESTS = ("hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete")


class JsxAttr:
    """One attribute of a JSX element: written as such, or a key of a spread object."""

    def __init__(self, script, name: str, name_node, value_node, spread: bool, node=None, container=None,
                 expression=None) -> None:
        self.name, self.lname = name, name.lower()
        self.name_node, self.value_node, self.spread = name_node, value_node, spread
        self.script = script
        self.node = node  # the jsx_attribute, or the pair of the spread object
        self.container = container  # the spread object, for a key of one
        self.expression = expression  # the `{...{}}` holding that object

    @property
    def bare(self) -> str:
        return self.lname[5:] if self.lname.startswith("data-") else self.lname

    @property
    def prefix(self) -> str:
        return "data-" if self.lname.startswith("data-") else ""

    def string_node(self):
        """The string literal that is the attribute's value (`="x"`, `={"x"}`), or None."""
        node = self.value_node
        if node is not None and node.type == "jsx_expression":
            inner = [c for c in node.named_children if c.type != "comment"]
            node = inner[0] if len(inner) == 1 else None
        return node if node is not None and string_value(self.script, node) is not None else None

    def string(self) -> str | None:
        """The attribute's value when it is a plain string."""
        node = self.string_node()
        return string_value(self.script, node) if node is not None else None

    @property
    def jsx_string(self) -> bool:
        """Is the value a JSX string (`="x"`), which has no escapes and may hold character
        references, rather than a JavaScript literal?"""
        return not self.spread and self.value_node is not None and self.value_node.type == "string"

    def value_code(self) -> str:
        """The value as it would be written in an object literal."""
        node = self.value_node
        if node is None:
            return '""'
        if node.type == "jsx_expression":
            inner = [c for c in node.named_children if c.type != "comment"]
            return self.script.text_of(inner[0]) if len(inner) == 1 else '""'
        return self.script.text_of(node)


def attributes(script, element):
    """The element's attributes, and the first object spread into it that hxmigrate cannot
    read (`{...props}`), or None."""
    out = []
    opaque = None
    for child in element.named_children:
        if child.type == "jsx_attribute":
            name_node = child.named_children[0] if child.named_children else None
            if name_node is None:
                continue
            value = child.named_children[1] if len(child.named_children) > 1 else None
            out.append(JsxAttr(script, script.text_of(name_node), name_node, value, False, child))
        elif child.type == "jsx_expression":
            spread = next((c for c in child.named_children if c.type == "spread_element"), None)
            if spread is None:
                continue
            obj = next((c for c in spread.named_children if c.type != "comment"), None)
            if obj is not None and obj.type == "identifier":
                obj = _const_object(script, obj) or obj
            if obj is None or obj.type != "object":
                opaque = opaque or child
                continue
            for item in obj.named_children:
                if item.type != "pair":
                    if item.type != "comment":
                        opaque = opaque or child
                    continue
                key = item.child_by_field_name("key")
                name = property_name(script, key)
                if name is None:
                    opaque = opaque or child
                    continue
                out.append(JsxAttr(script, name, key, item.child_by_field_name("value"), True, item, obj, child))
    return out, opaque


def _const_object(script, name_node):
    """The object literal of ``const NAME = {...}`` when NAME is used nowhere else in the file
    than in this spread (so the element reads exactly those keys, and renaming one changes
    nothing else); None otherwise."""
    name = script.text_of(name_node)
    uses = [n for n in script.walk({"identifier", "shorthand_property_identifier"}) if script.text_of(n) == name]
    if len(uses) != 2:
        return None
    for node in uses:
        declarator = node.parent
        if declarator is None or declarator.type != "variable_declarator" or declarator.child_by_field_name("name") != node:
            continue
        declaration = declarator.parent
        value = declarator.child_by_field_name("value")
        if declaration is not None and declaration.type == "lexical_declaration" \
                and script.text_of(declaration).startswith("const") and value is not None and value.type == "object":
            return value
    return None
