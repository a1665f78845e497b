from portal.extensions.hooks import SectionPanel
from portal.extensions.hookspecs import hookimpl


@hookimpl
def portal_section_panels(page, request):
    return [
        SectionPanel(
            title="Панель тестового модуля",
            template="dummy/panel.html",
            context={"greeting": "Привет"},
        )
    ]


@hookimpl
def portal_person_activities(person):
    return []
