from .state import active_theme


def theme(request):
    return {
        "active_theme": active_theme(),
        "visually_impaired": getattr(request, "visually_impaired", False),
    }
