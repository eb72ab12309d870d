"""The drafter's topics (`draft.topics`): the items of the lists a text puts on its agenda,
once per subject, with the sentences that name them again."""

from __future__ import annotations

from dashboard.authoring.draft.text import split_sentences
from dashboard.authoring.draft.topics import find_topics, names_topic

TEXT = (
    "The talks will focus on offshore energy, shipping, and climate finance. "
    "Sensitive topics include fishing rights, which remain open. "
    "Shipping lanes are a top priority for the port. "
    "Cultural exchanges are also on the agenda."
)


def test_each_agenda_item_is_a_topic_with_its_sensitivity_and_quote():
    topics = find_topics(split_sentences(TEXT))
    assert [(t.id, t.label, t.sensitivity) for t in topics] == [
        ("offshore-energy", "Offshore energy", "on the agenda"),
        ("shipping", "Shipping", "top priority"),
        ("climate-finance", "Climate finance", "on the agenda"),
        ("fishing-rights", "Fishing rights", "sensitive"),
        ("cultural-exchanges", "Cultural exchanges", "on the agenda"),
    ]
    shipping = topics[1]
    assert shipping.quote == "shipping"
    assert [s.number for s in shipping.context] == [3]


def test_a_subject_named_again_in_another_list_is_one_topic():
    text = "The talks will focus on shipping. Sensitive topics include shipping lanes."
    assert [t.label for t in find_topics(split_sentences(text))] == ["Shipping"]


def test_a_text_names_a_topic_by_a_stem_of_its_words():
    (topic,) = find_topics(split_sentences("The talks will focus on fisheries."))
    assert names_topic("Visit the fishery", topic)  # "fisher", the stem
    assert not names_topic("Visit the fish market", topic)
