"""Group polls: made from a template with the builder's pieces, opened and closed by their
organiser, published through the same gate as the town's surveys with the group-poll thresholds
(PRIVACY.md §3: nothing below GROUP_POLL_MIN participants, counts below GROUP_POLL_MIN_CELL
hidden), and handed to the town's participation. Flush, never commit; every change is audited.
"""

import datetime as dt
import secrets
from collections.abc import Mapping

from participation.builder import services as builder
from participation.builder.queries import get_life_areas_by_slug
from participation.disclosure.policy import Policy
from participation.extensions import db
from participation.groups import join_codes, queries
from participation.groups.models import Group, GroupPoll
from participation.groups.poll_templates import TEMPLATES, TemplateQuestion
from participation.groups.services import ACTIVITY_COUNTERS, GroupError
from participation.results import services as results
from participation.results.models import ResultSnapshot
from participation.staff import audit

#: Shown with a version after the first (publish_results asks for a reason): the poll was
#: reopened and more people answered.
REPUBLISH_REASON = "Weitere Antworten nach erneutem Öffnen der Umfrage"


def poll_policy(config: Mapping[str, object]) -> Policy:
    """The installation's thresholds with the group-poll ones for groups and cells."""
    base = Policy.from_config(config)
    return Policy(
        MIN_CELL=int(config["GROUP_POLL_MIN_CELL"]),
        MIN_GROUP=int(config["GROUP_POLL_MIN"]),
        HOMOGENEITY_GROUP=base.HOMOGENEITY_GROUP,
        MIN_FREE_TEXT_GROUP=base.MIN_FREE_TEXT_GROUP,
        MIN_CROSS_GROUP=base.MIN_CROSS_GROUP,
        INSIDER_MARGIN=base.INSIDER_MARGIN,
    )


def _count_polls(group_id: int) -> int:
    return len(db.session.get(Group, group_id).polls)


ACTIVITY_COUNTERS.append(_count_polls)


def _question_values(question: TemplateQuestion) -> dict:
    values: dict[str, object] = {"prompt": question.prompt[0], "prompt_en": question.prompt[1],
                                 "required": question.required}
    if question.max_choices:
        values["max_choices"] = question.max_choices
    if question.scale:
        (low, low_en), (high, high_en) = question.scale
        values.update(min_value=1, max_value=5, label_min=low, label_min_en=low_en, label_max=high, label_max_en=high_en)
    if question.max_length:
        values["max_length"] = question.max_length
    return values


def create_poll(group: Group, template_key: str, title: str = "") -> GroupPoll:
    """A draft poll for `group` from a template; its questions can then be changed in the builder."""
    template = TEMPLATES[template_key]
    title = title.strip()
    survey = builder.create_survey({
        "title": title or template.title[0],
        "title_en": "" if title else template.title[1],
        "intro": template.intro[0],
        "intro_en": template.intro[1],
        # Not derived from the title: the survey's address is reached only through the join code.
        "slug": "gruppe-" + secrets.token_hex(6),
        "locality": str(group.locality_id or ""),
        "access_mode": "open",
        "demographics_enabled": False,
    })
    survey.audience = "group"
    areas = get_life_areas_by_slug({slug for q in template.questions for slug in (*q.life_areas, *sum(q.option_life_areas, ()))})
    page = survey.pages[0]
    for item in template.questions:
        question = builder.add_question(
            survey, page, item.kind, _question_values(item), list(item.options),
            [areas[slug].id for slug in item.life_areas if slug in areas],
        )
        for option, slugs in zip(question.options, item.option_life_areas):
            option.life_areas = [areas[slug] for slug in slugs if slug in areas]
    poll = GroupPoll(group_id=group.id, survey_id=survey.id, join_code=join_codes.new_code(), template=template.key,
                     shared=False)
    db.session.add(poll)
    db.session.flush()
    audit.record("group.poll_create", poll, group_id=group.id, survey_id=survey.id, template=template.key)
    return poll


def open_poll(poll: GroupPoll, today: dt.date) -> None:
    """draft → open (the builder's checks: at least one question, every option list complete), or
    reopen a closed or published poll so that more people can answer; its results are hidden
    again until it is closed."""
    survey = poll.survey
    if survey.status == "draft":
        builder.change_status(survey, "open", today)
        return
    if survey.status not in ("closed", "published"):
        raise GroupError("not_reopenable")
    before, survey.status = survey.status, "open"
    audit.record("survey.status", survey, survey_id=survey.id, before=before, after="open")
    db.session.flush()


def close_poll(poll: GroupPoll, policy: Policy, today: dt.date) -> ResultSnapshot | None:
    """Stop taking answers and publish the protected result for the organiser; None (and the poll
    stays closed) when fewer than the group-poll minimum answered: then nothing is shown at all."""
    survey = poll.survey
    results.close_survey(survey)
    if queries.count_answers(survey.id) < policy.MIN_GROUP:
        return None
    version = results.next_version(survey)
    return results.publish_results(survey, reason="" if version == 1 else REPUBLISH_REASON, today=today, policy=policy)


def share_poll(poll: GroupPoll, shared: bool, today: dt.date) -> None:
    """Hand the protected result to the town's participation (or take it back): it is then listed
    with the town's results and counts in the life-area derivation for the group's kind and
    locality."""
    if shared and poll.survey.status != "published":
        raise GroupError("nothing_to_share")
    if poll.shared == shared:
        return
    poll.shared, poll.shared_on = shared, today if shared else None
    audit.record("group.poll_share" if shared else "group.poll_unshare", poll, group_id=poll.group_id,
                 survey_id=poll.survey_id)
    db.session.flush()


def delete_poll(poll: GroupPoll) -> None:
    """A draft poll only: once opened, its answers stay."""
    survey = poll.survey
    if survey.status != "draft":
        raise GroupError("delete_only_drafts")
    audit.record("group.poll_delete", poll, group_id=poll.group_id)
    db.session.delete(poll)
    db.session.flush()
    builder.delete_survey(survey)
