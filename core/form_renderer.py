"""The project's form renderer: Django's, less the browser's `maxlength` limit.

With `maxlength` on an input, a browser silently cuts pasted text at the limit, often
mid-word, and the person never learns their name was shortened. Without it the server
refuses the whole text with the limit named (Django's "Ensure this value has at most
120 characters (it has 130).") and nothing is saved.
"""

from django.forms.renderers import DjangoTemplates


class NoSilentCutRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if isinstance(widget, dict) and "maxlength" in widget.get("attrs", {}):
            widget = {**widget, "attrs": {k: v for k, v in widget["attrs"].items()
                                          if k != "maxlength"}}  # fmt: skip
            context = {**context, "widget": widget}
        return super().render(template_name, context, request)
