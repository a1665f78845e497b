"""The pair's individual plan page: meetings logged by the pair, the mentee's
self-assessment, the coordinator's status steps."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plugins.mentoring.models import (
    Meeting,
    PairStatus,
    SelfAssessment,
)

from .conftest import competence, make_mentor, make_pair, post, young_teacher

pytestmark = pytest.mark.django_db


# Meetings and self-assessment -------------------------------------------------------


def test_meetings_are_logged_by_the_pair_with_date_checks(client, setup, users):
    client.force_login(setup.mentee_user)
    future = post(
        client,
        setup.url,
        "add_meeting",
        **{
            "meeting-date": "2099-01-01",
            "meeting-duration_minutes": "45",
            "meeting-format": "in_person",
            "meeting-topic": "Разбор урока",
        },
    )
    assert future.status_code == 200
    assert "дата ещё не наступила" in future.content.decode()
    early = post(
        client,
        setup.url,
        "add_meeting",
        **{
            "meeting-date": (setup.start - datetime.timedelta(days=3)).isoformat(),
            "meeting-duration_minutes": "0",
            "meeting-format": "online",
            "meeting-topic": "",
        },
    )
    text = early.content.decode()
    assert "Встреча раньше начала наставничества" in text
    assert "Продолжительность — от 5 до 600 минут." in text
    assert not Meeting.objects.exists()
    for user, topic in (
        (setup.mentee_user, "Разбор урока"),
        (setup.mentor_user, "План"),
    ):
        client.force_login(user)
        response = post(
            client,
            setup.url,
            "add_meeting",
            **{
                "meeting-date": timezone.localdate().isoformat(),
                "meeting-duration_minutes": "40",
                "meeting-format": "lesson",
                "meeting-topic": topic,
            },
        )
        assert response.status_code == 302
    assert Meeting.objects.filter(plan=setup.plan).count() == 2
    assert Meeting.objects.get(topic="План").created_by == setup.mentor_user
    # A coordinator reads the log but does not write in it.
    client.force_login(users.organisation_editor)
    page = client.get(setup.url).content.decode()
    assert "Разбор урока" in page
    post(client, setup.url, "add_meeting", **{"meeting-topic": "x"})
    assert Meeting.objects.count() == 2


def test_mentee_fills_their_self_assessment_others_read_it(client, setup, tree):
    stranger = competence("Чужая компетенция")
    client.force_login(setup.mentee_user)
    bad = post(
        client,
        setup.url,
        "self_assessment",
        **{
            "assessment-competence": stranger.pk,
            "assessment-moment": "start",
            "assessment-score": "7",
        },
    )
    text = bad.content.decode()
    assert "Оценивают только целевые компетенции пары." in text
    assert "Оценка — целое число от 1 до 5." in text
    assert not SelfAssessment.objects.exists()
    for score in ("2", "3"):  # the second one replaces the first
        post(
            client,
            setup.url,
            "self_assessment",
            **{
                "assessment-competence": setup.target.pk,
                "assessment-moment": "start",
                "assessment-score": score,
                "assessment-comment": "Пока неуверенно",
            },
        )
    row = SelfAssessment.objects.get()
    assert (row.mentee, row.score, row.moment) == (setup.mentee, 3, "start")
    client.force_login(setup.mentor_user)
    page = client.get(setup.url).content.decode()
    assert "Пока неуверенно" in page
    assert 'value="self_assessment"' not in page
    post(
        client,
        setup.url,
        "self_assessment",
        **{
            "assessment-competence": setup.target.pk,
            "assessment-moment": "end",
            "assessment-score": "5",
        },
    )
    assert SelfAssessment.objects.count() == 1


# The coordinator's status steps ------------------------------------------------------


def test_coordinator_pauses_resumes_completes_and_terminates(
    client, setup, users, tree
):
    client.force_login(users.municipal_editor)
    post(client, setup.url, "status", **{"status-operation": "pause"})
    setup.pair.refresh_from_db()
    assert setup.pair.status == PairStatus.PAUSED
    paused = client.get(setup.url).content.decode()
    assert 'value="resume"' in paused and 'value="pause"' not in paused
    post(client, setup.url, "status", **{"status-operation": "resume"})
    setup.pair.refresh_from_db()
    assert setup.pair.status == PairStatus.ACTIVE
    no_outcome = post(client, setup.url, "status", **{"status-operation": "complete"})
    assert no_outcome.status_code == 200
    assert "Опишите результат" in no_outcome.content.decode()
    done = post(
        client,
        setup.url,
        "status",
        **{"status-operation": "complete", "status-outcome": "Аттестована"},
    )
    assert done.status_code == 302
    setup.pair.refresh_from_db()
    assert setup.pair.status == PairStatus.COMPLETED
    assert setup.pair.outcome == "Аттестована"
    assert setup.pair.actual_end_date == timezone.localdate()
    assert 'value="status"' not in client.get(setup.url).content.decode()
    again = post(client, setup.url, "status", **{"status-operation": "pause"})
    assert "этот шаг невозможен" in again.content.decode()

    other = make_pair(make_mentor(tree.school_a), young_teacher(tree.school_a))
    url = reverse("mentoring:pair", args=[other.pk])
    no_reason = post(client, url, "status", **{"status-operation": "terminate"})
    assert "Укажите причину досрочного прекращения." in no_reason.content.decode()
    post(
        client,
        url,
        "status",
        **{"status-operation": "terminate", "status-reason": "Увольнение"},
    )
    other.refresh_from_db()
    assert (other.status, other.termination_reason) == (
        PairStatus.TERMINATED,
        "Увольнение",
    )


def test_mentor_may_not_change_the_pair_status(client, setup):
    client.force_login(setup.mentor_user)
    post(client, setup.url, "status", **{"status-operation": "pause"})
    setup.pair.refresh_from_db()
    assert setup.pair.status == PairStatus.ACTIVE
