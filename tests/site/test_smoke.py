def test_home_page_exists(db):
    from portal.sections.models import HomePage

    assert HomePage.objects.get().title == "Россия"
