from .accessibility import SCHEMES, SIZES, scheme_of, size_of
from .state import active_theme


def theme(request):
    visually_impaired = getattr(request, "visually_impaired", False)
    return {
        "active_theme": active_theme(),
        "visually_impaired": visually_impaired,
        "vi_scheme": scheme_of(request) if visually_impaired else "",
        "vi_size": size_of(request) if visually_impaired else "",
        "vi_schemes": SCHEMES,
        "vi_sizes": SIZES,
    }
