"""StreamField blocks for standard pages and section bodies."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("текст"))
    size = blocks.ChoiceBlock(
        choices=[("h2", _("Заголовок 2")), ("h3", _("Заголовок 3"))],
        default="h2",
        label=_("уровень"),
    )

    class Meta:
        icon = "title"
        label = _("Заголовок")
        template = "blocks/heading.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("заголовок"), required=False)
    text = blocks.RichTextBlock(
        label=_("текст"), features=["bold", "italic", "link", "ul"]
    )

    class Meta:
        icon = "warning"
        label = _("Врезка")
        template = "blocks/callout.html"


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("название"))
    url = blocks.URLBlock(label=_("ссылка"))
    description = blocks.CharBlock(label=_("описание"), required=False)

    class Meta:
        icon = "link"
        label = _("Ссылка")
        template = "blocks/link.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Текст"),
        features=["h3", "bold", "italic", "link", "ol", "ul", "document-link"],
    )
    image = ImageBlock(label=_("Изображение"))
    document = DocumentChooserBlock(
        label=_("Документ"), template="blocks/document.html"
    )
    callout = CalloutBlock()
    links = blocks.ListBlock(
        LinkBlock(), label=_("Список ссылок"), template="blocks/links.html"
    )
    embed = EmbedBlock(label=_("Видео"))
