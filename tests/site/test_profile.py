"""«Мой профиль»: a teacher edits only their own record, including consent."""

from django.urls import reverse

from portal.core.models import Person


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("my_profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_teacher_sees_and_edits_own_profile(client, tree, users):
    client.force_login(users.teacher)
    response = client.get(reverse("my_profile"))
    assert response.status_code == 200
    assert tree.person_a.last_name in response.content.decode()
    assert tree.person_b.last_name not in response.content.decode()

    response = client.post(
        reverse("my_profile"),
        {
            "position": "учитель математики",
            "email": "me@example.org",
            "public_consent": "on",
            "public_fields": ["name"],
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(pk=tree.person_a.pk)
    assert person.public_consent and person.public_fields == ["name"]
    assert person.organisation == tree.school_a  # not editable by the teacher
    Person.objects.get(pk=tree.person_b.pk)  # untouched
    assert person.public_data() == {"id": person.pk, "name": person.full_name}


def test_user_without_person_gets_a_clear_page(client, users):
    client.force_login(users.municipal_editor)
    response = client.get(reverse("my_profile"))
    assert response.status_code == 404
    assert "не связана с карточкой педагога" in response.content.decode()


def test_teacher_has_no_admin_access(client, users, tree):
    client.force_login(users.teacher)
    response = client.get(
        reverse("wagtailsnippets_core_person:edit", args=[tree.person_a.pk])
    )
    assert response.status_code in (302, 403)
